package io.virtnode.operator.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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

/** kubectl 1.32 against the dev server, as a user would drive it. */
class KubectlTest {
  private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

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
    Files.writeString(dir.resolve("vm.yaml"), Vms.yaml("x", Vms.sampleSpec("128Mi")));
    Files.writeString(dir.resolve("vm-256.yaml"), Vms.yaml("x", Vms.sampleSpec("256Mi")));
    Files.writeString(dir.resolve("bad.yaml"), Vms.yaml("bad", Vms.sampleSpec("12XB")));
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

  @Test
  void kubectlDrivesTheWholeLifecycle() throws Exception {
    assertThat(ok("apply", "-f", dir.resolve("vm.yaml").toString()).out())
        .contains("virtualmachine.virtnode.io/x created");
    assertThat(ok("apply", "-f", dir.resolve("vm-256.yaml").toString()).out())
        .contains("virtualmachine.virtnode.io/x configured");
    assertThat(ok("get", "vm", "x", "-o", "jsonpath={.spec.memory} {.metadata.generation}").out())
        .isEqualTo("256Mi 2");
    // As on a cluster: the upgrade from client-side apply forgives conflicts on fields the last-applied
    // annotation holds with their live value (spec.memory); the atomic, server-defaulted disks list is not.
    Result conflict = kubectl("apply", "--server-side", "-f", dir.resolve("vm.yaml").toString());
    assertThat(conflict.code()).isNotZero();
    assertThat(conflict.err()).contains("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\"")
        .contains(".spec.disks").doesNotContain(".spec.memory");
    assertThat(ok("apply", "--server-side", "--force-conflicts", "-f", dir.resolve("vm.yaml").toString()).out())
        .contains("virtualmachine.virtnode.io/x serverside-applied");

    String table = ok("get", "vm").out();
    assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
        .contains("NAME", "STATE", "NODE", "READY", "AGE").doesNotContain("VNC", "PID");
    assertThat(table).containsPattern("(?m)^x\\s+\\d+s");
    assertThat(ok("get", "vm", "-o", "wide").out().lines().findFirst().orElseThrow()).contains("VNC", "PID");

    String yaml = ok("get", "vm", "x", "-o", "yaml").out();
    assertThat(yaml).contains("memory: 128Mi", "state: Running", "machine: pc", "bus: virtio");

    Result bad = kubectl("apply", "-f", dir.resolve("bad.yaml").toString());
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("spec.memory: Invalid value: \"12XB\": spec.memory in body should match "
        + "'^[1-9][0-9]{0,6}(Mi|Gi)$'");

    Files.writeString(dir.resolve("unknown.yaml"), Vms.yaml("x", Vms.sampleSpec("128Mi") + "bogus: 1\n"));
    Result unknown = kubectl("apply", "-f", dir.resolve("unknown.yaml").toString());
    assertThat(unknown.code()).isNotZero();
    assertThat(unknown.err()).contains("unknown field \"spec.bogus\"");

    server.kubernetesClient().genericKubernetesResources(Vms.VM).withName("x").subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
    assertThat(ok("wait", "--for=condition=Ready", "vm/x", "--timeout=30s").out()).contains("condition met");
    assertThat(ok("get", "vm", "x").out()).containsPattern("(?m)^x\\s+\\S+\\s+True");

    assertThat(ok("delete", "vm", "x").out()).contains("virtualmachine.virtnode.io \"x\" deleted");
    Result gone = kubectl("get", "vm", "x");
    assertThat(gone.code()).isNotZero();
    assertThat(gone.err()).contains("virtualmachines.virtnode.io \"x\" not found");
  }
}
