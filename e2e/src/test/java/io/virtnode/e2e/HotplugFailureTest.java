package io.virtnode.e2e;

import static io.virtnode.e2e.Hotplugs.addDisk;
import static io.virtnode.e2e.Hotplugs.blockNodes;
import static io.virtnode.e2e.Hotplugs.disk;
import static io.virtnode.e2e.Hotplugs.hasDiskStatus;
import static io.virtnode.e2e.Hotplugs.openInCgroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.DiskBus;
import io.virtnode.api.v1alpha1.DiskFormat;
import io.virtnode.api.v1alpha1.DiskType;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.node.state.JobKind;
import io.virtnode.node.vm.HotplugTestHooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A hotplug QEMU refuses, one cut short by the agent's death, one that must wait for another job. */
@Tag("hotplug")
class HotplugFailureTest {
  @TempDir Path root;
  LoopDevices loops;

  /** Ends a hotplug where it is, without undo, as the agent's SIGKILL would. */
  static final class AgentKilled extends Error {
    AgentKilled(String at) { super("agent killed at " + at); }
  }

  @BeforeEach void loops() {
    loops = new LoopDevices(root);
    org.awaitility.Awaitility.doNotCatchUncaughtExceptionsByDefault(); // the agent's thread ends in AgentKilled
  }

  @AfterEach void cleanUp() throws Exception {
    HotplugTestHooks.listen(null);
    org.awaitility.Awaitility.reset();
    loops.close();
  }

  @Test void aHotplugQemuRefusesLeavesTheVmRunningAndTheHostAsBeforeWithHotplugFailed() throws Exception {
    try (TestCluster cluster = TestCluster.start(root, 28000, "node-a")) {
      cluster.create(Vms.minimal("ref", cluster.images.toString(), ""));
      VirtualMachine vm = cluster.awaitCondition("ref", "Ready", "True");
      Path raw = Files.write(cluster.images.resolve("raw.img"), new byte[1 << 20]);
      Object ownerBefore = Files.getAttribute(raw, "unix:uid");
      var bad = disk("data", raw, DiskType.File, DiskBus.virtio);
      bad.format = DiskFormat.qcow2; // QEMU refuses: the file is not qcow2

      addDisk(cluster, "ref", bad);

      VirtualMachine failed = cluster.awaitCondition("ref", "HotplugFailed", "True");
      var c = failed.getStatus().conditions.stream().filter(x -> x.type.equals("HotplugFailed")).findFirst().orElseThrow();
      assertThat(c.reason).isEqualTo("HotplugFailed");
      assertThat(c.message).contains("data").contains("qcow2").contains("every step was undone");
      assertThat(failed.getStatus().conditions).anyMatch(x -> x.type.equals("Ready") && x.status.equals("True"));
      assertThat(failed.getStatus().state).isEqualTo("Running");
      assertThat(failed.getStatus().pid).isEqualTo(vm.getStatus().pid);
      assertThat(blockNodes(cluster, "node-a", failed)).doesNotContain("disk-data");
      var fdsets = cluster.agent("node-a").runtime().monitor(Hotplugs.id(vm)).orElseThrow().execute("query-fdsets", null);
      assertThat(fdsets.toString()).doesNotContain("disk-data");
      assertThat(Files.getAttribute(raw, "unix:uid")).as("owner given back").isEqualTo(ownerBefore);
      assertThat(Files.readString(root.resolve("node-a/state/vms/" + vm.getMetadata().getUid() + ".json")))
          .doesNotContain("hotplug-").doesNotContain("\"Hotplug\"");
    }
  }

  @ParameterizedTest @ValueSource(strings = {"label", "plugged"})
  void anAgentKilledBetweenTheStepsOfAHotplugRollsItBackAfterTheRestartAndThenPlugsItOnce(String point)
      throws Exception {
    try (TestCluster cluster = TestCluster.start(root, 28100, "node-a")) {
      cluster.create(Vms.minimal("cut", cluster.images.toString(), "scsiControllers: [{}]"));
      VirtualMachine vm = cluster.awaitCondition("cut", "Ready", "True");
      String loop = loops.create("blk");
      Path node = cluster.images.resolve("blk");
      LoopDevices.mknod(node, loop);
      Path cg = Path.of("/sys/fs/cgroup/devices", TestCluster.CGROUP_PARENT, vm.getMetadata().getUid());
      Path record = root.resolve("node-a/state/vms/" + vm.getMetadata().getUid() + ".json");
      String at = "attach:blk:" + point;
      HotplugTestHooks.listen(p -> {
        if (p.equals(at)) {
          HotplugTestHooks.listen(null);
          throw new AgentKilled(p);
        }
      });

      addDisk(cluster, "cut", disk("blk", node, DiskType.Block, DiskBus.scsi));

      await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(record).contains("hotplug-label"));
      cluster.stopAgent("node-a");
      assertThat(openInCgroup(cg, loop)).as("half plugged: the ACL allows it").isZero();
      if (point.equals("plugged")) {
        assertThat(Files.readString(record)).as("not recorded as plugged").doesNotContain("\"blk\"");
      }

      cluster.startAgent("node-a");

      await().atMost(Duration.ofSeconds(90)).until(() -> hasDiskStatus(cluster.get("cut"), "blk"));
      VirtualMachine now = cluster.get("cut");
      assertThat(now.getStatus().pid).isEqualTo(vm.getStatus().pid);
      assertThat(blockNodes(cluster, "node-a", now)).filteredOn(n -> n.equals("disk-blk")).hasSize(1);
      assertThat(openInCgroup(cg, loop)).isZero();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(Files.readString(record)).doesNotContain("hotplug-").doesNotContain("\"Hotplug\""));
      assertThat(now.getStatus().conditions).noneMatch(c -> c.type.equals("HotplugFailed"));
    }
  }

  @Test void aHotplugWhileAnotherJobHoldsTheVmReportsBusyAndHappensOnceItEnds() throws Exception {
    try (TestCluster cluster = TestCluster.start(root, 28200, "node-a")) {
      cluster.create(Vms.minimal("busy", cluster.images.toString(), ""));
      VirtualMachine vm = cluster.awaitCondition("busy", "Ready", "True");
      Path file = Files.write(cluster.images.resolve("data.img"), new byte[1 << 20]);
      var job = cluster.agent("node-a").runtime().job(Hotplugs.id(vm), JobKind.MigrateOut);
      try {
        addDisk(cluster, "busy", disk("data", file, DiskType.File, DiskBus.virtio));
        VirtualMachine busy = cluster.awaitCondition("busy", "Failed", "True");
        var failed = busy.getStatus().conditions.stream().filter(c -> c.type.equals("Failed")).findFirst().orElseThrow();
        assertThat(failed.reason).isEqualTo("Busy");
        assertThat(failed.message).startsWith("busy: MigrateOut since ");
        assertThat(blockNodes(cluster, "node-a", busy)).doesNotContain("disk-data");
      } finally {
        job.close();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> hasDiskStatus(cluster.get("busy"), "data"));
      assertThat(cluster.get("busy").getStatus().conditions).noneMatch(c -> c.type.equals("Failed"));
    }
  }
}
