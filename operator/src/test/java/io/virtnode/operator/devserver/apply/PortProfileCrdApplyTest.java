package io.virtnode.operator.devserver.apply;

import static io.virtnode.operator.devserver.apply.VmObjects.T1;
import static io.virtnode.operator.devserver.apply.VmObjects.T2;
import static io.virtnode.operator.devserver.apply.VmObjects.T3;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Server-side apply with the PortProfile CRD: status.interfaces is a list-map keyed by namespace, VM and
 * interface, so the agent of each node owns and rewrites only the entries of its own VMs.
 */
@Tag("api")
class PortProfileCrdApplyTest {
  private static final Path CRD = Path.of("../manifests/crds/portprofiles.virtnode.io-v1.yml");

  private static ServerSideApply profileApply() throws Exception {
    JsonNode crd = VmObjects.YAML.readTree(Files.readString(CRD));
    JsonNode schema = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
    assertThat(schema.path("properties").path("status").path("properties").path("interfaces")
        .path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"namespace\",\"vmName\",\"interfaceName\"]");
    return new ServerSideApply(ListSemantics.fromSchema(schema));
  }

  private static ObjectNode status(String interfacesYaml) {
    return VmObjects.yaml("apiVersion: virtnode.io/v1alpha1\nkind: PortProfile\nmetadata: {name: gold}\n"
        + "status:\n  interfaces:\n" + interfacesYaml.indent(2));
  }

  private static ObjectNode applyStatus(ServerSideApply ssa, ObjectNode live, String manager, String yaml, Instant at)
      throws ApplyConflictException {
    return ssa.apply(live, status(yaml), manager, false, "status", at);
  }

  @Test
  void eachAgentKeepsItsOwnEntriesOfTheInterfacesList() throws Exception {
    ServerSideApply ssa = profileApply();
    ObjectNode live = ssa.apply(null, VmObjects.yaml("apiVersion: virtnode.io/v1alpha1\nkind: PortProfile\n"
        + "metadata: {name: gold}\nspec: {type: 802.1Qbh, profileId: gold}\n"), "kubectl", false, "", T1);
    live = applyStatus(ssa, live, "agent-node-a", """
        - {namespace: default, vmName: web, interfaceName: lan, node: node-a, state: Associated}
        - {namespace: default, vmName: web, interfaceName: san, node: node-a, state: InProgress}
        """, T2);
    live = applyStatus(ssa, live, "agent-node-b", """
        - {namespace: default, vmName: db, interfaceName: lan, node: node-b, state: Associated}
        - {namespace: prod, vmName: web, interfaceName: lan, node: node-b, state: Failed}
        """, T2);
    live = applyStatus(ssa, live, "agent-node-a", """
        - {namespace: default, vmName: web, interfaceName: lan, node: node-a, state: Associated}
        """, T3);

    JsonNode interfaces = live.path("status").path("interfaces");
    assertThat(interfaces).hasSize(3);
    assertThat(interfaces.findValuesAsText("node")).containsExactlyInAnyOrder("node-a", "node-b", "node-b");
    assertThat(interfaces.findValuesAsText("interfaceName")).doesNotContain("san");
    assertThat(interfaces.toString()).contains("\"namespace\":\"prod\"").contains("\"state\":\"Failed\"");
    assertThat(live.path("spec").path("profileId").asText()).isEqualTo("gold");
  }
}
