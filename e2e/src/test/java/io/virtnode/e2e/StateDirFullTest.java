package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VmState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full state dir is reported on every VM it holds up (a stop, a start, a deletion); all carry on once space returns. */
@Tag("lifecycle")
class StateDirFullTest {
  @TempDir static Path root;
  static Path stateDir;
  static boolean mounted;
  static TestCluster cluster;

  @BeforeAll static void start() throws Exception {
    stateDir = Files.createDirectories(root.resolve("node-a").resolve("state"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", stateDir.toString())
        .redirectErrorStream(true).start();
    String out = new String(mount.getInputStream().readAllBytes());
    assertThat(mount.waitFor()).as("mount -t tmpfs (needs root and tmpfs): " + out).isZero();
    mounted = true;
    Path runDir = Files.createDirectories(root.resolve("node-a-run"));
    cluster = TestCluster.start(root, 26500, List.of(), s -> s.runDir = runDir.toString(), "node-a");
  }

  @AfterAll static void stop() throws Exception {
    if (cluster != null) cluster.close();
    if (mounted) new ProcessBuilder("umount", stateDir.toString()).inheritIO().start().waitFor();
  }

  private static Condition condition(String name, String type) {
    VirtualMachine vm = cluster.get(name);
    if (vm == null || vm.getStatus() == null) return null;
    return vm.getStatus().conditions.stream().filter(c -> c.type.equals(type)).findFirst().orElse(null);
  }

  private static boolean has(String name, String type, String status, String reason) {
    Condition c = condition(name, type);
    return c != null && c.status.equals(status) && reason.equals(c.reason);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Writes until the file system says it is full. */
  private static Path fill() throws IOException {
    Path filler = stateDir.resolve("filler");
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) out.write(chunk);
    } catch (IOException full) {
      assertThat(full.getMessage()).containsIgnoringCase("space");
    }
    return filler;
  }

  @Test void aStopAndAStartAskedWhileTheStateDirIsFullAreReportedAndCarriedOutOnceSpaceReturns() throws Exception {
    cluster.create(Vms.minimal("running", cluster.images.toString(), ""));
    long pid = cluster.awaitCondition("running", "Ready", "True").getStatus().pid;
    cluster.create(Vms.minimal("doomed", cluster.images.toString(), ""));
    long doomed = cluster.awaitCondition("doomed", "Ready", "True").getStatus().pid;

    Path filler = fill();
    cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("doomed").delete();
    cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("running").edit(v -> {
      v.getSpec().state = VmState.Stopped;
      return v;
    });
    cluster.create(Vms.minimal("fresh", cluster.images.toString(), ""));

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> has("running", "Failed", "True", "StateDirUnwritable")
            && has("fresh", "Failed", "True", "StateDirUnwritable")
            && has("doomed", "Failed", "True", "StateDirUnwritable"));
    assertThat(condition("running", "Ready").reason).isEqualTo("StateDirUnwritable");
    assertThat(condition("running", "Failed").message).contains("stateDir").contains("free space");
    assertThat(condition("fresh", "Ready").status).isEqualTo("False");
    assertThat(alive(pid)).as("nothing is done on the host while the stop cannot be recorded").isTrue();
    assertThat(cluster.get("doomed")).as("a deletion waits until it can be carried out").isNotNull();

    Files.delete(filler);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> !alive(pid) && "Stopped".equals(cluster.get("running").getStatus().state));
    VirtualMachine fresh = cluster.awaitCondition("fresh", "Ready", "True");
    await().atMost(Duration.ofSeconds(90)).until(() -> cluster.get("doomed") == null && !alive(doomed));
    assertThat(fresh.getStatus().pid).isPositive();
    assertThat(condition("running", "Failed")).isNull();
    assertThat(has("running", "Ready", "False", "Stopped")).isTrue();
  }
}
