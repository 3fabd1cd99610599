package io.virtnode.operator.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl's watching commands (get -w, wait, delete, describe) behave as against a cluster. */
@Tag("api")
class KubectlWatchTest {
  private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
  static DevApiServer server;
  @TempDir
  static Path dir;
  static Path kubeconfig;

  @BeforeAll
  static void start() throws Exception {
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

  private static Process kubectl(String name, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile()).start();
  }

  private static String out(String name) throws Exception {
    return Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8);
  }

  private static String err(String name) throws Exception {
    return Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8);
  }

  private static void finishes(Process p, String name) throws Exception {
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("kubectl " + name + " did not finish in 60 s; stderr: " + err(name));
    }
  }

  private static void setReady(String vm, String status) {
    Vms.vms(server.kubernetesClient()).withName(vm).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"status\":{\"state\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + status + "\","
            + "\"reason\":\"Test\",\"message\":\"m\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}");
  }

  @Test
  void getWatchPrintsAChangeWithinSeconds() throws Exception {
    Vms.vms(server.kubernetesClient()).resource(Vms.sample("watched")).create();
    Process watch = kubectl("getw", "get", "vm", "-w");
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> out("getw").contains("watched"));
      int before = out("getw").lines().toList().size();
      setReady("watched", "True");
      await().atMost(Duration.ofSeconds(20)).until(() -> out("getw").lines().toList().size() > before);
      assertThat(out("getw").lines().skip(before).findFirst().orElseThrow()).containsPattern("^watched\\s+\\S+\\s+True");
      assertThat(watch.isAlive()).as("kubectl get -w keeps streaming; stderr: %s", err("getw")).isTrue();
      assertThat(err("getw")).isEmpty();
    } finally {
      watch.destroy();
      watch.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void waitReturnsAsSoonAsTheConditionHoldsWithEmptyStderr() throws Exception {
    Vms.vms(server.kubernetesClient()).resource(Vms.sample("waited")).create();
    Process wait = kubectl("wait", "wait", "--for=condition=Ready", "vm/waited", "--timeout=60s");
    Thread.sleep(1000); // let kubectl start watching before the condition holds
    assertThat(wait.isAlive()).as("kubectl wait must wait; stderr: %s", err("wait")).isTrue();
    setReady("waited", "True");
    finishes(wait, "wait");
    assertThat(wait.exitValue()).as(err("wait")).isZero();
    assertThat(out("wait")).contains("virtualmachine.virtnode.io/waited condition met");
    assertThat(err("wait")).isEmpty();
  }

  @Test
  void deleteReturnsWhenTheObjectIsGoneWithEmptyStderr() throws Exception {
    GenericKubernetesResource vm = Vms.sample("deleted");
    vm.getMetadata().setFinalizers(List.of("virtnode.io/test"));
    Vms.vms(server.kubernetesClient()).resource(vm).create();
    Process delete = kubectl("delete", "delete", "vm", "deleted", "--timeout=60s");
    await().atMost(Duration.ofSeconds(30)).until(() ->
        Vms.vms(server.kubernetesClient()).withName("deleted").get().getMetadata().getDeletionTimestamp() != null);
    assertThat(delete.isAlive()).as("kubectl delete waits for the finalizer; stderr: %s", err("delete")).isTrue();
    Vms.vms(server.kubernetesClient()).withName("deleted").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"finalizers\":null}}");
    finishes(delete, "delete");
    assertThat(delete.exitValue()).as(err("delete")).isZero();
    assertThat(out("delete")).contains("virtualmachine.virtnode.io \"deleted\" deleted");
    assertThat(err("delete")).isEmpty();
  }

  @Test
  void describeListsTheVmsEvents() throws Exception {
    GenericKubernetesResource vm = Vms.vms(server.kubernetesClient()).resource(Vms.sample("described")).create();
    server.kubernetesClient().v1().events().inNamespace("default").resource(new EventBuilder().withNewMetadata()
        .withName("described.1").endMetadata().withNewInvolvedObject().withApiVersion("virtnode.io/v1alpha1")
        .withKind("VirtualMachine").withNamespace("default").withName("described")
        .withUid(vm.getMetadata().getUid()).endInvolvedObject().withReason("QemuStarted").withMessage("QEMU runs")
        .withType("Normal").withNewSource().withComponent("virtnode-agent").endSource()
        .withFirstTimestamp("2026-01-01T00:00:00Z").withLastTimestamp("2026-01-01T00:00:00Z").withCount(1)
        .build()).create();
    Process describe = kubectl("describe", "describe", "vm", "described");
    finishes(describe, "describe");
    assertThat(describe.exitValue()).as(err("describe")).isZero();
    assertThat(out("describe")).contains("Events:").contains("QemuStarted").contains("QEMU runs")
        .doesNotContain("Events:  <none>").doesNotContain("Events:           <none>");

    Process events = kubectl("events", "get", "events");
    finishes(events, "events");
    assertThat(out("events").lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
    assertThat(out("events")).containsPattern("(?m)^\\S+\\s+Normal\\s+QemuStarted\\s+described\\s+QEMU runs$");
  }
}
