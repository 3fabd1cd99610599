package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** manifests/ renders with kubectl kustomize, and its RBAC is least-privilege as the design says. */
class ManifestsTest {
  static final Path MANIFESTS = Path.of("..", "manifests").toAbsolutePath().normalize();
  static List<JsonNode> objects;

  @BeforeAll static void render() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/kubectl"))) {
      throw new IllegalStateException("kubectl is missing: these tests render manifests/ with kubectl kustomize");
    }
    Process p = new ProcessBuilder("kubectl", "kustomize", MANIFESTS.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    objects = new ArrayList<>();
    var yaml = new YAMLFactory();
    try (YAMLParser parser = yaml.createParser(out)) {
      new ObjectMapper(yaml).readValues(parser, JsonNode.class).forEachRemaining(objects::add);
    }
  }

  private static JsonNode one(String kind, String name) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)
        && o.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow(
            () -> new AssertionError(kind + "/" + name + " not rendered"));
  }

  @Test void theBaseHoldsCrdsRbacAgentAndController() {
    one("CustomResourceDefinition", "virtualmachines.virtnode.io");
    one("CustomResourceDefinition", "virtualmachinemigrations.virtnode.io");
    one("CustomResourceDefinition", "portprofiles.virtnode.io");
    one("CustomResourceDefinition", "hostdevices.virtnode.io");
    JsonNode ds = one("DaemonSet", "virtnode-agent");
    JsonNode pod = ds.path("spec").path("template").path("spec");
    assertThat(pod.path("hostPID").asBoolean()).isTrue();
    assertThat(pod.path("hostNetwork").asBoolean()).isTrue();
    assertThat(pod.path("containers").get(0).path("securityContext").path("privileged").asBoolean()).isTrue();
    JsonNode deploy = one("Deployment", "virtnode-controller");
    assertThat(deploy.path("spec").path("template").path("spec").path("containers").get(0).path("args").toString())
        .contains("--leader-election-namespace");
  }

  @Test void theAgentCanWriteStatusButNeitherNodesNorSpecs() {
    JsonNode rules = one("ClusterRole", "virtnode-agent").path("rules");
    for (JsonNode rule : rules) {
      List<String> resources = strings(rule.path("resources"));
      List<String> verbs = strings(rule.path("verbs"));
      assertThat(resources).doesNotContain("nodes", "*");
      assertThat(verbs).doesNotContain("*", "delete", "deletecollection");
      if (resources.contains("virtualmachines")) {
        assertThat(verbs).as("spec writes").doesNotContain("update", "create");
      }
      if (resources.contains("hostdevices")) {
        assertThat(verbs).as("HostDevices: inventory creates, never replaces").doesNotContain("update");
      }
      if (resources.contains("portprofiles")) {
        assertThat(verbs).as("PortProfiles are the user's").containsOnly("get", "list", "watch");
      }
    }
    assertThat(verbsOn(rules, "hostdevices")).containsExactlyInAnyOrder("get", "list", "watch", "create", "patch");
    assertThat(verbsOn(rules, "hostdevices/status")).containsExactlyInAnyOrder("get", "patch");
    assertThat(verbsOn(rules, "portprofiles")).containsExactlyInAnyOrder("get", "list", "watch");
    assertThat(verbsOn(rules, "portprofiles/status")).containsExactlyInAnyOrder("get", "patch");
    JsonNode controller = one("ClusterRole", "virtnode-controller").path("rules");
    for (JsonNode rule : controller) {
      List<String> resources = strings(rule.path("resources"));
      if (resources.contains("nodes") || resources.contains("hostdevices") || resources.contains("portprofiles")) {
        assertThat(strings(rule.path("verbs"))).as("controller on %s", resources).containsOnly("get", "list", "watch");
      }
      assertThat(resources).doesNotContain("hostdevices/status", "portprofiles/status");
    }
    assertThat(verbsOn(controller, "hostdevices")).containsOnly("get", "list", "watch");
    assertThat(verbsOn(controller, "portprofiles")).containsOnly("get", "list", "watch");
  }

  @Test void anAdmissionPolicyKeepsAgentsToTheirOwnNodesVmsAndOffSpecs() {
    JsonNode policy = one("ValidatingAdmissionPolicy", "virtnode-agent-node-restriction");
    String rules = policy.path("spec").toString();
    assertThat(rules).contains("virtnode-agent").contains("virtnode.io/node").contains("object.spec == oldObject.spec")
        .contains("authentication.kubernetes.io/node-name");
    assertThat(one("ValidatingAdmissionPolicyBinding", "virtnode-agent-node-restriction").path("spec")
        .path("validationActions").toString()).contains("Deny");
    JsonNode hostDevices = one("ValidatingAdmissionPolicy", "virtnode-agent-hostdevice-restriction").path("spec");
    assertThat(hostDevices.path("matchConstraints").toString()).contains("hostdevices").contains("CREATE")
        .contains("UPDATE");
    assertThat(hostDevices.toString()).contains("virtnode-agent").contains("object.spec.nodeName == variables.node")
        .contains("oldObject.spec.nodeName == variables.node").contains("object.spec == oldObject.spec");
    assertThat(one("ValidatingAdmissionPolicyBinding", "virtnode-agent-hostdevice-restriction").path("spec")
        .path("validationActions").toString()).contains("Deny");
  }

  @Test void everySampleIsAVirtnodeManifestAndEveryVmNeedsNoManualStep() throws IOException {
    try (var files = Files.list(MANIFESTS.resolve("samples"))) {
      List<Path> samples = files.filter(f -> f.toString().endsWith(".yaml")).toList();
      assertThat(samples).isNotEmpty();
      List<String> kinds = new ArrayList<>();
      for (Path f : samples) {
        JsonNode object = new ObjectMapper(new YAMLFactory()).readTree(f.toFile());
        kinds.add(object.path("kind").asText());
        assertThat(object.path("apiVersion").asText()).as(f.toString()).isEqualTo("virtnode.io/v1alpha1");
        if (object.path("kind").asText().equals("VirtualMachine")) {
          assertThat(object.path("spec").path("disks").get(0).has("create")).as("%s needs no manual image step", f)
              .isTrue();
        }
      }
      assertThat(kinds).as("one sample of each kind at least").contains("VirtualMachine", "PortProfile", "HostDevice")
          .allMatch(k -> List.of("VirtualMachine", "VirtualMachineMigration", "PortProfile", "HostDevice").contains(k));
    }
  }

  /** Every verb the rules grant on one resource. */
  private static List<String> verbsOn(JsonNode rules, String resource) {
    List<String> verbs = new ArrayList<>();
    for (JsonNode rule : rules) {
      if (strings(rule.path("resources")).contains(resource)) verbs.addAll(strings(rule.path("verbs")));
    }
    return verbs;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
