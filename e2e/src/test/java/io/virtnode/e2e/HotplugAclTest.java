package io.virtnode.e2e;

import static io.virtnode.e2e.Hotplugs.addDisk;
import static io.virtnode.e2e.Hotplugs.blockNodes;
import static io.virtnode.e2e.Hotplugs.disk;
import static io.virtnode.e2e.Hotplugs.hasDiskStatus;
import static io.virtnode.e2e.Hotplugs.openInCgroup;
import static io.virtnode.e2e.Hotplugs.removeDisk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.DiskBus;
import io.virtnode.api.v1alpha1.DiskType;
import io.virtnode.api.v1alpha1.VirtualMachine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A hot-plugged block device is openable in the VM's cgroup only while attached, on v1 and v2, across an agent restart. */
@Tag("hotplug")
class HotplugAclTest {
  @TempDir Path root;
  LoopDevices loops;

  @BeforeEach void loops() { loops = new LoopDevices(root); }

  @AfterEach void detachLoops() throws Exception { loops.close(); }

  @ParameterizedTest @ValueSource(strings = {"v1", "v2"})
  void theBlockDeviceIsOpenableOnlyWhileAttachedIncludingAfterAnAgentRestart(String version) throws Exception {
    if (version.equals("v2")) {
      assertThat(CgroupV2Test.UNIFIED.resolve("cgroup.procs")).as("cgroup2 mounted at " + CgroupV2Test.UNIFIED)
          .exists();
    }
    String parent = TestCluster.CGROUP_PARENT + "-hpacl" + version;
    try (TestCluster cluster = TestCluster.start(root, 28300, List.of(), s -> {
      s.cgroupVersion = version;
      s.cgroupParent = parent;
    }, "node-a")) {
      cluster.create(Vms.minimal("acl", cluster.images.toString(), "scsiControllers: [{}]"));
      VirtualMachine vm = cluster.awaitCondition("acl", "Ready", "True");
      String uid = vm.getMetadata().getUid();
      Path cg = version.equals("v2") ? CgroupV2Test.UNIFIED.resolve(parent).resolve(uid)
          : Path.of("/sys/fs/cgroup/devices", parent, uid);
      String loop = loops.create("blk");
      Path node = cluster.images.resolve("blk");
      LoopDevices.mknod(node, loop);
      assertThat(openInCgroup(cg, loop)).as("before the plug").isNotZero();

      addDisk(cluster, "acl", disk("blk", node, DiskType.Block, DiskBus.scsi));
      await().atMost(Duration.ofSeconds(60)).until(() -> hasDiskStatus(cluster.get("acl"), "blk"));
      assertThat(openInCgroup(cg, loop)).as("while attached").isZero();

      cluster.restartAgent("node-a");
      assertThat(cluster.awaitCondition("acl", "Ready", "True").getStatus().pid).isEqualTo(vm.getStatus().pid);
      assertThat(openInCgroup(cg, loop)).as("while attached, after the agent restart").isZero();

      removeDisk(cluster, "acl", "blk");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(blockNodes(cluster, "node-a", cluster.get("acl"))).doesNotContain("disk-blk"));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(openInCgroup(cg, loop)).as("after the unplug").isNotZero());
    }
  }
}
