package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.node.cgroup.DeviceRule;
import io.virtnode.node.vm.VmIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On cgroup v2 the device ACL lives in the runtime record: after an agent restart allow and deny still work. */
@Tag("isolation")
class AclAfterRestartTest {
  @TempDir Path root;
  LoopDevices loops;

  @BeforeEach void loops() { loops = new LoopDevices(root); }

  @AfterEach void detachLoops() throws Exception { loops.close(); }

  @Test void allowAndDenyWorkAfterAnAgentRestartOnCgroupV2() throws Exception {
    assertThat(CgroupV2Test.UNIFIED.resolve("cgroup.procs")).as("cgroup2 mounted at " + CgroupV2Test.UNIFIED).exists();
    String parent = TestCluster.CGROUP_PARENT + "-v2acl";
    try (TestCluster cluster = TestCluster.start(root, 27300, List.of(), s -> {
      s.cgroupVersion = "v2";
      s.cgroupParent = parent;
    }, "node-a")) {
      String mine = loops.create("mine");
      String other = loops.create("other");
      Path node = cluster.images.resolve("blockdisk");
      LoopDevices.mknod(node, mine);
      cluster.create(Vms.withDisk("acl", "{name: root, type: Block, path: %s}".formatted(node)));
      VirtualMachine vm = cluster.awaitCondition("acl", "Ready", "True");
      long pid = vm.getStatus().pid;
      Path cg = CgroupV2Test.UNIFIED.resolve(parent).resolve(vm.getMetadata().getUid());
      VmIdentity id = new VmIdentity(vm.getMetadata().getUid(), "default", "acl");

      var agent = cluster.restartAgent("node-a");
      assertThat(cluster.awaitCondition("acl", "Ready", "True").getStatus().pid).isEqualTo(pid);
      assertThat(openInCgroup(cg, other)).as("another block device, before allow").isNotZero();

      String[] mm = LoopDevices.numbers(other);
      DeviceRule rule = DeviceRule.block(Integer.parseInt(mm[0]), Integer.parseInt(mm[1]), "rw");
      agent.runtime().allowDevice(id, rule);
      assertThat(openInCgroup(cg, other)).as("allowed after the restart").isZero();
      assertThat(openInCgroup(cg, mine)).as("its own disk stays allowed").isZero();
      Path record = root.resolve("node-a/state/vms/" + id.uid() + ".json");
      assertThat(Files.readString(record)).contains("b " + mm[0] + ":" + mm[1]);

      agent.runtime().denyDevice(id, rule);
      assertThat(openInCgroup(cg, other)).as("denied again").isNotZero();
      assertThat(openInCgroup(cg, mine)).isZero();
      assertThat(Files.readString(record)).doesNotContain("b " + mm[0] + ":" + mm[1]);
    }
  }

  /** Exit code of dd reading one block of dev from a shell that first joins cgroup dir cg. */
  private static int openInCgroup(Path cg, String dev) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "echo $$ > \"$0\"/cgroup.procs && exec dd if=\"$1\" of=/dev/null"
        + " bs=512 count=1", cg.toString(), dev).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }
}
