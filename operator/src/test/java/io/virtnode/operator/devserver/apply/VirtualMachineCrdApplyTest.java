package io.virtnode.operator.devserver.apply;

import static io.virtnode.operator.devserver.apply.VmObjects.T1;
import static io.virtnode.operator.devserver.apply.VmObjects.T2;
import static io.virtnode.operator.devserver.apply.VmObjects.T3;
import static io.virtnode.operator.devserver.apply.VmObjects.fieldsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Server-side apply with the project's own VirtualMachine CRD schema and sample manifest. */
@Tag("api")
class VirtualMachineCrdApplyTest {
  private static final Path CRD = Path.of("../manifests/crds/virtualmachines.virtnode.io-v1.yml");
  private static final Path SAMPLE = Path.of("../manifests/samples/minimal-vm.yaml");

  private static ServerSideApply vmApply() throws Exception {
    JsonNode crd = VmObjects.YAML.readTree(Files.readString(CRD));
    JsonNode schema = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
    assertThat(schema.path("properties").has("spec")).as("schema of %s", CRD).isTrue();
    return new ServerSideApply(ListSemantics.fromSchema(schema));
  }

  private static ObjectNode sample() throws Exception {
    return (ObjectNode) VmObjects.YAML.readTree(Files.readString(SAMPLE));
  }

  @Test
  void reapplyingTheSampleWithoutGraphicsRemovesGraphicsAndKeepsTheAgentsStatus() throws Exception {
    ServerSideApply ssa = vmApply();
    ObjectNode live = ssa.apply(null, sample(), "kubectl", false, "", T1);
    ObjectNode status = VmObjects.yaml("apiVersion: virtnode.io/v1alpha1\nkind: VirtualMachine\n"
        + "metadata: {name: minimal, namespace: default}\nstatus: {nodeName: node-a}\n");
    live = ssa.apply(live, status, "virtnode-controller", false, "status", T2);

    ObjectNode edited = sample();
    ((ObjectNode) edited.get("spec")).remove("graphics");
    ((ObjectNode) edited.get("spec")).put("memory", "256Mi");
    ObjectNode next = ssa.apply(live, edited, "kubectl", false, "", T3);

    assertThat(next.path("spec").has("graphics")).isFalse();
    assertThat(next.path("spec").path("memory").asText()).isEqualTo("256Mi");
    assertThat(next.path("spec").path("disks").get(0).path("name").asText()).isEqualTo("root");
    assertThat(next.path("status").path("nodeName").asText()).isEqualTo("node-a");
    assertThat(fieldsOf(next, "kubectl", "Apply").path("f:spec").has("f:graphics")).isFalse();
    assertThat(fieldsOf(next, "virtnode-controller", "Apply").path("f:status").has("f:nodeName")).isTrue();
  }
}
