package io.virtnode.operator.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.virtnode.operator.Manifests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl against the dev server with the PortProfile and HostDevice samples: hex numbers (kubectl reads YAML hex as
 * integers), short names, printer columns, immutable fields; and the samples applied as virtnode dev applies them.
 */
class HostSideKubectlTest {
  private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
  private static final Path SAMPLES = Path.of("..", "manifests", "samples").toAbsolutePath().normalize();

  static DevApiServer server;
  @TempDir
  static Path dir;
  static Path kubeconfig;

  record Result(int code, String out, String err) {
  }

  @BeforeAll
  static void start() throws IOException {
    if (!Files.isExecutable(KUBECTL)) {
      fail("kubectl is required for this test and missing: " + KUBECTL);
    }
    server = DevApiServer.start(0);
    server.installCrdsFromClasspath();
    kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Result kubectl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("kubectl " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
  }

  static Result ok(String... args) throws Exception {
    Result result = kubectl(args);
    assertThat(result.code()).as("kubectl %s: %s", String.join(" ", args), result.err()).isZero();
    return result;
  }

  /** The cell of the first row under a column of kubectl's table (columns start where their header starts). */
  static String cell(String table, String column) {
    List<String> lines = table.lines().toList();
    String header = lines.get(0);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<=^|\\s)" + column + "(?=\\s|$)").matcher(header);
    assertThat(m.find()).as("column %s in %s", column, header).isTrue();
    java.util.regex.Matcher next = java.util.regex.Pattern.compile("\\s\\S").matcher(header);
    int end = next.find(m.end()) ? next.start() + 1 : Integer.MAX_VALUE;
    String row = lines.get(1);
    return row.substring(Math.min(m.start(), row.length()), Math.min(end, row.length())).strip();
  }

  @Test
  void aPortProfileWrittenInHexAppliesWithKubectlAndPrintsItsColumns() throws Exception {
    assertThat(ok("apply", "-f", SAMPLES.resolve("portprofile-qbg.yaml").toString()).out())
        .contains("portprofile.virtnode.io/finance-vsi created");
    Files.writeString(dir.resolve("hex.yaml"), """
        apiVersion: virtnode.io/v1alpha1
        kind: PortProfile
        metadata: {name: hex}
        spec: {type: 802.1Qbg, managerId: 0xff, typeId: 0xffffff, typeIdVersion: 0x01}
        """);
    assertThat(ok("apply", "-f", dir.resolve("hex.yaml").toString()).out()).contains("portprofile.virtnode.io/hex created");
    assertThat(ok("get", "portprofile", "hex", "-o", "jsonpath={.spec.managerId} {.spec.typeId} {.spec.typeIdVersion}")
        .out()).isEqualTo("255 16777215 1");
    String table = ok("get", "portprofile", "finance-vsi").out();
    assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
        .contains("NAME", "TYPE", "MANAGERID", "TYPEID", "VERSION", "PROFILEID", "READY", "AGE")
        .doesNotContain("INSTANCEID");
    assertThat(cell(table, "TYPE")).isEqualTo("802.1Qbg");
    assertThat(cell(table, "MANAGERID")).isEqualTo("12");
    assertThat(cell(table, "TYPEID")).isEqualTo("1193046");
    assertThat(cell(table, "VERSION")).isEqualTo("1");
    assertThat(cell(table, "PROFILEID")).isEmpty();

    Files.writeString(dir.resolve("hexbad.yaml"), """
        apiVersion: virtnode.io/v1alpha1
        kind: PortProfile
        metadata: {name: too-big}
        spec: {type: 802.1Qbg, managerId: 0x100, typeId: 0x1000000, typeIdVersion: 0x1}
        """);
    Result bad = kubectl("apply", "-f", dir.resolve("hexbad.yaml").toString());
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("spec.managerId: Invalid value: 256").contains("spec.typeId: Invalid value: 16777216");
  }

  @Test
  void theHostDeviceSampleAppliesClusterScopedAndPrintsNodeAddressModeDriverAndHolder() throws Exception {
    assertThat(ok("apply", "-f", SAMPLES.resolve("hostdevice.yaml").toString()).out())
        .contains("hostdevice.virtnode.io/local-0000-03-00-0 created");
    server.kubernetesClient().genericKubernetesResources(new ResourceDefinitionContext.Builder()
            .withGroup("virtnode.io").withVersion("v1alpha1").withKind("HostDevice").withPlural("hostdevices")
            .withNamespaced(false).build())
        .withName("local-0000-03-00-0").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"driver\":\"vfio-pci\",\"assignedTo\":{\"namespace\":\"default\",\"name\":\"gpu-vm\","
                + "\"uid\":\"0b53fb7e-4c1d-4f0c-9d8a-2b7f3c1e5a90\"}}}");
    // kubectl shows the columns in the CRD's order, which the generator sorts by JSON path.
    String table = ok("get", "hostdev").out();
    assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactlyInAnyOrder("NAME", "NODE", "ADDRESS", "MODE", "DRIVER", "ASSIGNEDTO", "AGE");
    assertThat(cell(table, "NAME")).isEqualTo("local-0000-03-00-0");
    assertThat(cell(table, "NODE")).isEqualTo("local");
    assertThat(cell(table, "ADDRESS")).isEqualTo("0000:03:00.0");
    assertThat(cell(table, "MODE")).isEqualTo("Host");
    assertThat(cell(table, "DRIVER")).isEqualTo("vfio-pci");
    assertThat(cell(table, "ASSIGNEDTO")).isEqualTo("gpu-vm");

    Result renode = kubectl("patch", "hostdev", "local-0000-03-00-0", "--type", "merge", "-p",
        "{\"spec\":{\"nodeName\":\"other\"}}");
    assertThat(renode.code()).isNotZero();
    assertThat(renode.err()).contains("nodeName is immutable");
    assertThat(ok("patch", "hostdev", "local-0000-03-00-0", "--type", "merge", "-p",
        "{\"spec\":{\"mode\":\"Passthrough\"}}").out()).contains("patched");
  }

  @Test
  void everySampleAppliesAsVirtnodeDevAppliesThem() throws Exception {
    try (DevApiServer own = DevApiServer.start(0)) {
      own.installCrdsFromClasspath();
      var client = own.kubernetesClient();
      List<Path> applied = Manifests.apply(client, SAMPLES);
      assertThat(applied).extracting(p -> p.getFileName().toString())
          .contains("portprofile-qbg.yaml", "hostdevice.yaml", "minimal-vm.yaml");
      var profile = client.genericKubernetesResources("virtnode.io/v1alpha1", "PortProfile").withName("finance-vsi")
          .get();
      assertThat(profile.getMetadata().getNamespace()).isNull();
      assertThat(profile.<Integer>get("spec", "typeId")).isEqualTo(0x123456);
      var device = client.genericKubernetesResources("virtnode.io/v1alpha1", "HostDevice")
          .withName("local-0000-03-00-0").get();
      assertThat(device.<Boolean>get("spec", "managed")).isTrue();
    }
  }
}
