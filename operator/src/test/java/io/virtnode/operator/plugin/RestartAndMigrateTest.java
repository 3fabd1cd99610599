package io.virtnode.operator.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.MigrationFailure;
import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.MigrationProgressStatus;
import io.virtnode.api.v1alpha1.MigrationStorage;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restart and migrate --wait, with the test playing the agent and the controller by writing status. */
@Tag("api")
class RestartAndMigrateTest {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir
  static Path dir;
  static PluginCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new PluginCluster(dir);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void restartStopsWaitsForTheAgentToReportStoppedThenStarts() throws Exception {
    cluster.createVm("reboot");
    cluster.writeStatus("reboot", status -> status.state = "Running");

    CompletableFuture<PluginCluster.Run> restart = CompletableFuture.supplyAsync(() -> cluster.run("restart", "reboot"));
    await().atMost(LIMIT).until(() -> cluster.vm("reboot").getSpec().state.name().equals("Stopped"));
    assertThat(restart).isNotDone();
    long generation = cluster.vm("reboot").getMetadata().getGeneration();
    cluster.writeStatus("reboot", status -> {
      status.state = "Stopped";
      status.observedGeneration = generation;
    });

    PluginCluster.Run run = restart.get(60, TimeUnit.SECONDS);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("spec.state Running -> Stopped; waiting for it to stop")
        .contains("stopped; spec.state Stopped -> Running");
    assertThat(cluster.vm("reboot").getSpec().state.name()).isEqualTo("Running");
  }

  @Test
  void restartGivesUpAfterItsTimeoutAndLeavesTheVmStopped() {
    cluster.createVm("stuck");

    PluginCluster.Run run = cluster.run("restart", "stuck", "--timeout", "1");

    assertThat(run.code()).isEqualTo(PluginException.TIMED_OUT);
    assertThat(run.err()).contains("default/stuck did not stop within 1 s");
    assertThat(cluster.vm("stuck").getSpec().state.name()).isEqualTo("Stopped");
  }

  @Test
  void migrateCreatesTheMigrationAsAsked() {
    cluster.createVm("mover");

    PluginCluster.Run run = cluster.run("migrate", "mover", "--to", "node-b", "--storage", "CopyAll",
        "--bandwidth", "64Mi", "--name", "mover-once");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("virtualmachinemigration default/mover-once created: mover -> node-b");
    VirtualMachineMigration migration = migration("mover-once");
    assertThat(migration.getSpec().vmName).isEqualTo("mover");
    assertThat(migration.getSpec().targetNode).isEqualTo("node-b");
    assertThat(migration.getSpec().storage).isEqualTo(MigrationStorage.CopyAll);
    assertThat(migration.getSpec().bandwidth).isEqualTo("64Mi");
  }

  @Test
  void migrateWaitShowsProgressAndEndsWithSuccess() throws Exception {
    cluster.createVm("travel");

    CompletableFuture<PluginCluster.Run> migrate = CompletableFuture.supplyAsync(() ->
        cluster.run("migrate", "travel", "--wait", "--name", "travel-1"));
    await().atMost(LIMIT).until(() -> migration("travel-1") != null);
    writeStatus("travel-1", status -> {
      status.phase = MigrationPhase.Transferring;
      status.progress = new MigrationProgressStatus();
      status.progress.percent = 50;
    });
    await().atMost(LIMIT).until(() -> migration("travel-1").getStatus() != null);
    assertThat(migrate).isNotDone();
    writeStatus("travel-1", status -> {
      status.phase = MigrationPhase.Succeeded;
      status.progress.percent = 100;
    });

    PluginCluster.Run run = migrate.get(60, TimeUnit.SECONDS);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("[###############---------------]  50% Transferring")
        .contains("migration default/travel-1: Succeeded: travel runs");
  }

  @Test
  void migrateWaitEndsNonZeroWithTheFailureReason() throws Exception {
    cluster.createVm("anchored");

    CompletableFuture<PluginCluster.Run> migrate = CompletableFuture.supplyAsync(() ->
        cluster.run("migrate", "anchored", "--wait", "--name", "anchored-1"));
    await().atMost(LIMIT).until(() -> migration("anchored-1") != null);
    writeStatus("anchored-1", status -> {
      status.phase = MigrationPhase.Failed;
      status.failure = new MigrationFailure();
      status.failure.reason = "HostDevicesAttached";
      status.failure.message = "detach the host devices first";
      status.failure.phase = MigrationPhase.Scheduling;
    });

    PluginCluster.Run run = migrate.get(60, TimeUnit.SECONDS);
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("migration default/anchored-1: Failed: HostDevicesAttached: detach the host"
        + " devices first (in phase Scheduling)");
  }

  @Test
  void migratingAnUnknownVmCreatesNothing() {
    PluginCluster.Run run = cluster.run("migrate", "nowhere", "--wait");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("VirtualMachine \"nowhere\" not found in namespace \"default\"");
    List<VirtualMachineMigration> all = cluster.client().resources(VirtualMachineMigration.class).inNamespace("default")
        .list().getItems();
    assertThat(all).noneMatch(m -> m.getSpec().vmName.equals("nowhere"));
  }

  private static VirtualMachineMigration migration(String name) {
    return cluster.client().resources(VirtualMachineMigration.class).inNamespace("default").withName(name).get();
  }

  private static void writeStatus(String name, Consumer<VirtualMachineMigrationStatus> change) {
    cluster.client().resources(VirtualMachineMigration.class).inNamespace("default").withName(name).editStatus(m -> {
      if (m.getStatus() == null) m.setStatus(new VirtualMachineMigrationStatus());
      change.accept(m.getStatus());
      return m;
    });
  }
}
