package io.virtnode.operator.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PortProfiles on the embedded server: 802.1Qbg and 802.1Qbh fields range-checked and only with their type, the
 * type immutable (server-side apply of its status by several agents: apply/PortProfileCrdApplyTest).
 */
class PortProfileValidationTest {
  static DevApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = DevApiServer.start(0);
    assertThat(server.installCrdsFromClasspath()).contains("portprofiles.virtnode.io");
    client = server.kubernetesClient();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> profiles() {
    return client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("virtnode.io")
        .withVersion("v1alpha1").withKind("PortProfile").withPlural("portprofiles").withNamespaced(false).build());
  }

  @Test
  void aQbgProfileTakesItsThreeNumbersInRangeAndNoProfileId() {
    GenericKubernetesResource created = profiles().resource(HostSideKindsValidationTest.object("PortProfile", "qbg",
        "{type: 802.1Qbg, managerId: 255, typeId: 16777215, typeIdVersion: 0}")).create();
    assertThat(created.getMetadata().getNamespace()).isNull();
    assertThat(created.<Integer>get("spec", "typeId")).isEqualTo(16777215);

    assertThat(HostSideKindsValidationTest.refusal(() -> profiles().resource(HostSideKindsValidationTest.object("PortProfile", "range",
        "{type: 802.1Qbg, managerId: 256, typeId: 16777216, typeIdVersion: -1}")).create()))
        .contains("spec.managerId: Invalid value: 256: spec.managerId in body should be less than or equal to 255")
        .contains("spec.typeId: Invalid value: 16777216: spec.typeId in body should be less than or equal to 16777215")
        .contains("spec.typeIdVersion: Invalid value: -1: spec.typeIdVersion in body should be greater than or equal to 0");
    assertThat(HostSideKindsValidationTest.refusal(() -> profiles().resource(HostSideKindsValidationTest.object("PortProfile", "missing",
        "{type: 802.1Qbg, managerId: 1}")).create()))
        .isEqualTo("PortProfile.virtnode.io \"missing\" is invalid: spec: Invalid value: \"object\": type 802.1Qbg"
            + " needs managerId, typeId and typeIdVersion");
    assertThat(HostSideKindsValidationTest.refusal(() -> profiles().resource(HostSideKindsValidationTest.object("PortProfile", "mixed",
        "{type: 802.1Qbg, managerId: 1, typeId: 2, typeIdVersion: 3, profileId: gold}")).create()))
        .contains("profileId is only for type 802.1Qbh");
    assertThat(HostSideKindsValidationTest.refusal(() -> profiles().resource(HostSideKindsValidationTest.object("PortProfile", "baduuid",
        "{type: 802.1Qbg, managerId: 1, typeId: 2, typeIdVersion: 3, instanceId: not-a-uuid}")).create()))
        .contains("spec.instanceId: Invalid value: \"not-a-uuid\"");
  }

  @Test
  void aQbhProfileTakesAProfileIdThatFitsTheKernelsBuffer() {
    profiles().resource(HostSideKindsValidationTest.object("PortProfile", "qbh", "{type: 802.1Qbh, profileId: gold}")).create();
    assertThat(HostSideKindsValidationTest.refusal(() -> profiles().resource(HostSideKindsValidationTest.object("PortProfile", "noid", "{type: 802.1Qbh}")).create()))
        .contains("type 802.1Qbh needs profileId");
    assertThat(HostSideKindsValidationTest.refusal(() -> profiles().resource(HostSideKindsValidationTest.object("PortProfile", "qbhnums",
        "{type: 802.1Qbh, profileId: gold, managerId: 1}")).create()))
        .contains("managerId, typeId, typeIdVersion and instanceId are only for type 802.1Qbg");
    assertThat(HostSideKindsValidationTest.refusal(() -> profiles().resource(HostSideKindsValidationTest.object("PortProfile", "longid",
        "{type: 802.1Qbh, profileId: " + "p".repeat(40) + "}")).create()))
        .contains("spec.profileId: Too long: may not be more than 39 bytes");
    assertThat(HostSideKindsValidationTest.refusal(() -> profiles().resource(HostSideKindsValidationTest.object("PortProfile", "badtype", "{type: 802.1Qbx}")).create()))
        .contains("spec.type: Unsupported value: \"802.1Qbx\": supported values: \"802.1Qbg\", \"802.1Qbh\"");
  }

  @Test
  void aProfilesTypeIsImmutableButItsIdentifiersMayChange() {
    profiles().resource(HostSideKindsValidationTest.object("PortProfile", "change", "{type: 802.1Qbh, profileId: gold}")).create();
    GenericKubernetesResource silver = profiles().withName("change").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"profileId\":\"silver\"}}");
    assertThat(silver.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(HostSideKindsValidationTest.refusal(() -> profiles().withName("change").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"type\":\"802.1Qbg\",\"profileId\":null,\"managerId\":1,\"typeId\":2,\"typeIdVersion\":3}}")))
        .contains("spec.type: Invalid value: \"string\": type is immutable; create another PortProfile");
  }
}
