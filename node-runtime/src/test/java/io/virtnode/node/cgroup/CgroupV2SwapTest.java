package io.virtnode.node.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v2 manager's program bookkeeping against a fake bpf(2) and a fake cgroup tree. */
class CgroupV2SwapTest {
  @TempDir Path root;
  private final FakePrograms bpf = new FakePrograms();
  private CgroupV2Manager manager;

  /** Records loads, swaps and closes; ids of attached programs per cgroup are settable. */
  static final class FakePrograms implements CgroupV2Manager.DevicePrograms {
    int nextFd = 100;
    int[] attachedIds = new int[0];
    final List<String> calls = new ArrayList<>();
    boolean failSwap;

    @Override public int load(byte[] insns, String license, String name) {
      calls.add("load " + insns.length / 8);
      return nextFd++;
    }

    @Override public int[] attachedIds(Path cgroup) { return attachedIds; }

    @Override public int fdById(int id) {
      calls.add("fdById " + id);
      return nextFd++;
    }

    @Override public void swap(Path cgroup, int newFd, List<Integer> oldFds) throws IOException {
      calls.add("swap " + newFd + " for " + oldFds);
      if (failSwap) {
        throw new IOException("bpf(BPF_PROG_ATTACH) failed: EPERM");
      }
    }

    @Override public void close(int fd) { calls.add("close " + fd); }
  }

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(root.resolve("virtnode"));
    Files.writeString(root.resolve("virtnode/cgroup.controllers"), "hugetlb\n");
    manager = new CgroupV2Manager(root, "virtnode", bpf);
  }

  @Test
  void createAttachesDenyAllAndReportsUndelegatedLimitsAsSkipped() throws Exception {
    VmCgroup created = manager.create("vm1", new Limits(1L << 30, 1024L, 50_000L, null, null));
    assertThat(bpf.calls).containsExactly("load 8", "swap 100 for []");
    assertThat(manager.deviceAcl("vm1")).isEqualTo(DeviceAcl.empty());
    assertThat(created.applied()).isEmpty();
    assertThat(created.skipped()).hasSize(3).allMatch(s -> s.contains("not delegated"))
        .anyMatch(s -> s.startsWith("memory.max=1073741824")).anyMatch(s -> s.startsWith("cpu.max=50000 100000"));
  }

  @Test
  void aclChangeSwapsTheRememberedProgramAndClosesIt() throws Exception {
    manager.create("vm1", Limits.none());
    manager.allow("vm1", DeviceRule.block(7, 0, "rw"));
    assertThat(bpf.calls).endsWith("swap 101 for [100]", "close 100");
    assertThat(manager.deviceAcl("vm1")).isEqualTo(DeviceAcl.of(DeviceRule.block(7, 0, "rw")));
  }

  @Test
  void afterAnAgentRestartTheAttachedProgramsAreFoundByQuery() throws Exception {
    Files.createDirectories(manager.dir("vm1"));
    bpf.attachedIds = new int[] {42};
    assertThatThrownBy(() -> manager.deviceAcl("vm1")).hasMessageContaining("not known to this agent");
    manager.setDeviceAcl("vm1", DeviceAcl.of(DeviceRule.block(7, 0, "rw")));
    assertThat(bpf.calls).containsExactly("load 16", "fdById 42", "swap 100 for [101]", "close 101");
  }

  @Test
  void aFailedSwapKeepsTheOldProgramAndClosesTheNewOne() throws Exception {
    manager.create("vm1", Limits.none());
    bpf.failSwap = true;
    assertThatThrownBy(() -> manager.allow("vm1", DeviceRule.block(7, 0, "rw"))).hasMessageContaining("EPERM");
    assertThat(bpf.calls).endsWith("swap 101 for [100]", "close 101");
    assertThat(manager.deviceAcl("vm1")).isEqualTo(DeviceAcl.empty());
  }

  @Test
  void vmIdsThatEscapeTheParentAreRefused() {
    for (String bad : List.of("..", "../x", "a/b", ".hidden", "")) {
      assertThatThrownBy(() -> manager.create(bad, Limits.none())).hasMessageContaining("VM id");
    }
  }
}
