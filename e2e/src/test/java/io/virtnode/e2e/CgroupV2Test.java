package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VmState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent on cgroup v2: QEMU in its own cgroup whose BPF device program allows its disk and nothing else. */
@Tag("isolation")
class CgroupV2Test {
  static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified");
  @TempDir Path root;
  LoopDevices loops;

  @org.junit.jupiter.api.BeforeEach void loops() {
    loops = new LoopDevices(root);
  }

  @AfterEach void detachLoops() throws Exception {
    loops.close();
  }

  @Test void qemuRunsUnderABpfDeviceFilterThatAllowsOnlyItsOwnDisk() throws Exception {
    assertThat(UNIFIED.resolve("cgroup.procs")).as("cgroup2 mounted at " + UNIFIED).exists();
    try (TestCluster cluster = TestCluster.start(root, 26800, List.of(), s -> {
      s.cgroupVersion = "v2";
      s.cgroupParent = "virtnode-e2e-v2";
    }, "node-a")) {
      String mine = loops.create("mine");
      String other = loops.create("other");
      Path node = cluster.images.resolve("blockdisk");
      LoopDevices.mknod(node, mine);
      cluster.create(Vms.withDisk("v2vm", "{name: root, type: Block, path: %s}".formatted(node)));
      VirtualMachine vm = cluster.awaitCondition("v2vm", "Ready", "True");
      String uid = vm.getMetadata().getUid();
      Path cg = UNIFIED.resolve("virtnode-e2e-v2").resolve(uid);
      assertThat(Files.readString(Path.of("/proc", vm.getStatus().pid.toString(), "cgroup")))
          .contains("0::/virtnode-e2e-v2/" + uid);
      assertThat(vm.getStatus().confinement).contains("cgroup v2");
      assertThat(openInCgroup(cg, mine)).as("its own disk").isZero();
      assertThat(openInCgroup(cg, other)).as("another block device").isNotZero();

      cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("v2vm").edit(v -> {
        v.getSpec().state = VmState.Stopped;
        return v;
      });
      await().atMost(Duration.ofSeconds(60)).until(() -> "Stopped".equals(cluster.get("v2vm").getStatus().state));
      assertThat(cg).doesNotExist();
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
