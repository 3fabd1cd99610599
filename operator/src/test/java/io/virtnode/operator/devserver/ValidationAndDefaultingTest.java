package io.virtnode.operator.devserver;

import static io.virtnode.operator.devserver.Vms.sample;
import static io.virtnode.operator.devserver.Vms.sampleSpec;
import static io.virtnode.operator.devserver.Vms.vm;
import static io.virtnode.operator.devserver.Vms.vms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ValidationAndDefaultingTest {
  static DevApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = DevApiServer.start(0);
    assertThat(server.installCrdsFromClasspath()).contains("virtualmachines.virtnode.io");
    client = server.kubernetesClient();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void createFillsSchemaDefaults() {
    GenericKubernetesResource created = vms(client).resource(sample("defaults")).create();

    Map<String, Object> spec = created.get("spec");
    assertThat(spec).containsEntry("state", "Running").containsEntry("cpus", 1).containsEntry("machine", "pc");
    assertThat(created.<String>get("spec", "disks", 0, "bus")).isEqualTo("virtio");
    assertThat(created.<String>get("spec", "disks", 0, "format")).isEqualTo("raw");
    assertThat(created.<Boolean>get("spec", "disks", 0, "readOnly")).isFalse();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(vms(client).withName("defaults").get().<String>get("spec", "state")).isEqualTo("Running");
  }

  @Test
  void unknownFieldsArePruned() {
    GenericKubernetesResource vm = sample("pruned");
    vm.setAdditionalProperty("spec", Map.of("memory", "128Mi", "bogus", 1));
    GenericKubernetesResource created = vms(client).resource(vm).create();
    assertThat(created.<Map<String, Object>>get("spec")).doesNotContainKey("bogus").containsKey("memory");
  }

  @Test
  void invalidMemoryIsRejectedWithThePatternMessage() {
    assertThatThrownBy(() -> vms(client).resource(vm("badmem", sampleSpec("12XB"))).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
          assertThat(e.getStatus().getMessage()).isEqualTo("VirtualMachine.virtnode.io \"badmem\" is invalid: "
              + "spec.memory: Invalid value: \"12XB\": spec.memory in body should match '^[1-9][0-9]{0,6}(Mi|Gi)$'");
          assertThat(e.getStatus().getDetails().getCauses()).singleElement()
              .satisfies(c -> assertThat(c.getField()).isEqualTo("spec.memory"));
        });
    assertThat(vms(client).withName("badmem").get()).isNull();
  }

  @Test
  void enumRequiredAndMaximumAreChecked() {
    String spec = """
        cpus: 65
        state: Flying
        disks:
        - name: root
        """;
    assertThatThrownBy(() -> vms(client).resource(vm("many", spec)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
            .contains("spec.memory: Required value")
            .contains("spec.cpus: Invalid value: 65: spec.cpus in body should be less than or equal to 64")
            .contains("spec.state: Unsupported value: \"Flying\": supported values: \"Paused\", \"Running\", \"Stopped\"")
            .contains("spec.disks[0].path: Required value"));
  }

  @Test
  void duplicateDiskNamesFailTheCelRule() {
    String spec = """
        memory: 128Mi
        disks:
        - {name: root, path: /a.img}
        - {name: root, path: /b.img}
        """;
    assertThatThrownBy(() -> vms(client).resource(vm("dupdisk", spec)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getMessage())
              .endsWith("spec: Invalid value: \"object\": disk names must be unique");
        });
  }

  @Test
  void nodeNameWithNodeSelectorFailsTheCelRule() {
    String spec = """
        memory: 128Mi
        nodeName: node-a
        nodeSelector: {zone: a}
        """;
    assertThatThrownBy(() -> vms(client).resource(vm("both", spec)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
            .contains("set either nodeName or nodeSelector, not both"));
  }

  @Test
  void nestedCelRulesSeeTheirOwnNode() {
    String spec = """
        memory: 128Mi
        disks:
        - {name: root, path: /a/../etc/passwd, type: Block, create: {size: 1Gi}}
        """;
    assertThatThrownBy(() -> vms(client).resource(vm("nested", spec)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
            .contains("spec.disks[0].path: Invalid value: \"string\": path must not contain . or .. components")
            .contains("spec.disks[0]: Invalid value: \"object\": create is only allowed for File disks"));
  }

  @Test
  void machineIsImmutableOnUpdateButSettableOnCreate() {
    vms(client).resource(vm("immutable", sampleSpec("128Mi") + "machine: q35\n")).create();

    assertThatThrownBy(() -> vms(client).withName("immutable").edit(vm -> {
      ((Map<String, Object>) vm.getAdditionalProperties().get("spec")).put("machine", "pc");
      return vm;
    })).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
        .isEqualTo("VirtualMachine.virtnode.io \"immutable\" is invalid: spec.machine: Invalid value: \"string\": "
            + "machine is immutable; delete and recreate the VM to change it"));

    GenericKubernetesResource same = vms(client).withName("immutable").edit(vm -> {
      ((Map<String, Object>) vm.getAdditionalProperties().get("spec")).put("cpus", 2);
      return vm;
    });
    assertThat(same.<String>get("spec", "machine")).isEqualTo("q35");
  }

  @Test
  void validationAlsoAppliesToMergeAndJsonPatches() {
    vms(client).resource(sample("patched")).create();
    assertThatThrownBy(() -> vms(client).withName("patched").patch(
        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
        "{\"spec\":{\"memory\":\"lots\"}}"))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    assertThatThrownBy(() -> vms(client).withName("patched").patch(
        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
        "[{\"op\":\"replace\",\"path\":\"/spec/cpus\",\"value\":0}]"))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
            .contains("spec.cpus in body should be greater than or equal to 1"));
    assertThat(vms(client).withName("patched").get().<String>get("spec", "memory")).isEqualTo("128Mi");
  }

  @Test
  void statusIsValidatedOnStatusWrites() {
    vms(client).resource(sample("badstatus")).create();
    GenericKubernetesResource vm = vms(client).withName("badstatus").get();
    vm.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True"))));
    GenericKubernetesResource updated = vms(client).resource(vm).updateStatus();
    assertThat(updated.<String>get("status", "conditions", 0, "status")).isEqualTo("True");
  }
}
