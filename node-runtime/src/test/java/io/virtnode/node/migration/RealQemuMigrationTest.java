package io.virtnode.node.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.node.nativeio.FileDescriptors;
import io.virtnode.node.qemu.UnixQmpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MigrationOps between real QEMUs on loopback, and to and from a save image. */
@Tag("migration")
class RealQemuMigrationTest {
  @TempDir Path dir;
  private Qemus qemus;

  @BeforeEach void fixture() { qemus = new Qemus(dir); }

  @AfterEach void stop() throws Exception { qemus.close(); }

  private UnixQmpClient qemu(String name, String... extra) throws Exception { return qemus.start(name, extra); }

  private static String status(UnixQmpClient c) throws Exception { return Qemus.status(c); }

  private static int freePort() throws Exception { return Qemus.freePort(); }

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
    assertThat(qemus.processes.get(1).waitFor(60, TimeUnit.SECONDS)).as("the target exits by itself").isTrue();
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
