package io.virtnode.node.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.node.nativeio.FileDescriptors;
import io.virtnode.node.qemu.UnixQmpClient;
import io.virtnode.node.testing.HostTools;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MigrationOps between real QEMUs on loopback, and to and from a save image. */
@Tag("migration")
class RealQemuMigrationTest {
  @TempDir Path dir;
  private final List<Process> qemus = new CopyOnWriteArrayList<>();
  private final List<UnixQmpClient> clients = new CopyOnWriteArrayList<>();

  @AfterEach void stop() throws Exception {
    clients.forEach(UnixQmpClient::close);
    for (Process p : qemus) p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
  }

  private UnixQmpClient qemu(String name, String... extra) throws Exception {
    Path sock = dir.resolve(name + ".sock");
    List<String> argv = new ArrayList<>(List.of(HostTools.qemu().toString(), "-machine", "pc", "-accel", "tcg",
        "-m", "64", "-S", "-nodefaults", "-no-user-config", "-display", "none",
        "-qmp", "unix:" + sock + ",server=on,wait=off"));
    argv.addAll(List.of(extra));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
    qemus.add(p);
    UnixQmpClient c = UnixQmpClient.connect(sock, p::isAlive, Duration.ofSeconds(30), Duration.ofSeconds(30));
    clients.add(c);
    return c;
  }

  private static String status(UnixQmpClient c) throws Exception {
    return c.execute("query-status", null).path("status").asText();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test void theSourceWaitsInPreSwitchoverAndTheTargetNeverResumesByItself() throws Exception {
    UnixQmpClient source = qemu("source");
    source.execute("cont", null);
    UnixQmpClient target = qemu("target", "-incoming", "defer");
    String uri = "tcp:127.0.0.1:" + freePort();
    MigrationOps.listen(target, uri, false);
    MigrationOps.send(source, uri, new MigrationTuning(0, 300, false, false));

    await().atMost(Duration.ofSeconds(60)).until(() -> MigrationOps.sample(source).status().equals("pre-switchover"));
    assertThat(status(source)).isEqualTo("finish-migrate");
    ProgressTracker tracker = new ProgressTracker(Duration.ofSeconds(150));
    MigrationProgress before = tracker.update(MigrationOps.sample(source), Instant.now());
    assertThat(before.transferredBytes()).isPositive();

    MigrationOps.continueSwitchover(source);
    await().atMost(Duration.ofSeconds(60)).until(() -> MigrationOps.sample(source).completed());
    await().atMost(Duration.ofSeconds(30)).until(() -> status(source).equals("postmigrate"));
    assertThat(tracker.update(MigrationOps.sample(source), Instant.now()).percent()).isEqualTo(100);
    await().atMost(Duration.ofSeconds(30)).until(() -> status(target).equals("paused"));
    target.execute("cont", null);
    assertThat(status(target)).isEqualTo("running");
  }

  @Test void cancelKeepsTheSourceRunningAndTheTargetExits() throws Exception {
    UnixQmpClient source = qemu("source");
    source.execute("cont", null);
    UnixQmpClient target = qemu("target", "-incoming", "defer");
    String uri = "tcp:127.0.0.1:" + freePort();
    MigrationOps.listen(target, uri, false);
    MigrationOps.send(source, uri, new MigrationTuning(1 << 20, 300, false, false)); // 1 MiB/s: still going
    await().atMost(Duration.ofSeconds(60)).until(() -> MigrationOps.sample(source).status().equals("active"));
    MigrationOps.cancel(source);
    await().atMost(Duration.ofSeconds(60)).until(() -> MigrationOps.sample(source).status().equals("cancelled"));
    assertThat(status(source)).isEqualTo("running");
    assertThat(qemus.get(1).waitFor(60, TimeUnit.SECONDS)).as("the target exits by itself").isTrue();
  }

  @Test void ramSavedToAFileComesBackPausedInANewQemu() throws Exception {
    UnixQmpClient source = qemu("source");
    source.execute("cont", null);
    Path image = dir.resolve("vm.save");
    int fd = FileDescriptors.openReadWrite(image);
    try {
      MigrationOps.saveTo(source, fd, "save");
    } finally {
      FileDescriptors.close(fd);
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> MigrationOps.sample(source).completed());
    assertThat(Files.size(image)).isPositive();

    UnixQmpClient restored = qemu("restored", "-incoming", "defer");
    int in = FileDescriptors.openReadWrite(image);
    try {
      MigrationOps.restoreFrom(restored, in, "restore");
    } finally {
      FileDescriptors.close(in);
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> status(restored).equals("paused"));
    restored.execute("cont", null);
    assertThat(status(restored)).isEqualTo("running");
  }
}
