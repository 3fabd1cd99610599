package io.virtnode.node.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real cgroup v1 (devices, memory, cpu, pids): device ACL with loop devices, memory limit enforced. */
@Tag("isolation")
class CgroupV1ManagerTest extends DeviceAclContract<CgroupV1Manager> {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  @Override
  CgroupV1Manager newManager() throws Exception {
    CgroupProbe.Result probe = CgroupProbe.ofHost().probe();
    for (String c : CgroupProbe.V1_CONTROLLERS) {
      if (!probe.v1Controllers().containsKey(c)) {
        fail("cgroup v1 controller '" + c + "' is not mounted on this host: " + probe.v1Controllers());
      }
    }
    return new CgroupV1Manager(probe.v1Controllers(), "virtnode-it-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Override
  void removeCgroups() throws Exception {
    manager.destroy(VM);
    for (String c : CgroupProbe.V1_CONTROLLERS) {
      Files.deleteIfExists(manager.dir(c, VM).getParent());
    }
  }

  @Test
  void createStartsFromDenyAllAndAppliesLimits() throws Exception {
    VmCgroup created = manager.create(VM, new Limits(64L << 20, 512L, 50_000L, null, 100L));
    assertThat(manager.deviceAcl(VM)).isEqualTo(DeviceAcl.empty());
    assertThat(Files.readString(manager.dir("memory", VM).resolve("memory.limit_in_bytes")).strip())
        .isEqualTo(Long.toString(64L << 20));
    assertThat(Files.readString(manager.dir("cpu", VM).resolve("cpu.shares")).strip()).isEqualTo("512");
    assertThat(Files.readString(manager.dir("cpu", VM).resolve("cpu.cfs_quota_us")).strip()).isEqualTo("50000");
    assertThat(Files.readString(manager.dir("pids", VM).resolve("pids.max")).strip()).isEqualTo("100");
    assertThat(created.skipped()).isEmpty();
    assertThat(created.dirs()).hasSize(4);
    assertDenied(mine);
  }

  @Test
  void createAdoptsAnExistingCgroupWithoutResettingItsAcl() throws Exception {
    manager.create(VM, Limits.none());
    manager.setDeviceAcl(VM, aclFor(mine));
    manager.create(VM, Limits.none()); // agent restart: same VM, same cgroup
    assertAllowed(mine);
  }

  @Test
  void memoryLimitIsEnforcedByTheOomKiller() throws Exception {
    if (!Files.isExecutable(PYTHON)) {
      fail(PYTHON + " is missing: install Debian package python3");
    }
    manager.create(VM, Limits.memory(50L << 20));
    manager.setDeviceAcl(VM, DeviceAcl.qemuBasics());
    LoopDevices.Run small = InCgroup.run(manager, VM, PYTHON + " -c \"a = b'x' * (10 << 20); print('ok')\"");
    assertThat(small.exit()).as(small.output()).isZero();
    LoopDevices.Run big = InCgroup.run(manager, VM, PYTHON + " -c \"a = b'x' * (200 << 20); print('ok')\"");
    assertThat(big.exit()).as("python touching 200 MiB under a 50 MiB limit: %s", big.output()).isEqualTo(137);
    assertThat(Files.readString(manager.dir("memory", VM).resolve("memory.oom_control"))).containsPattern("oom_kill [1-9]");
  }

  @Test
  void destroyIsIdempotentAndRefusesWhileAProcessIsInside() throws Exception {
    manager.create(VM, Limits.none());
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      manager.addProcess(VM, sleeper.pid());
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> manager.destroy(VM))
          .hasMessageContaining("rmdir " + manager.dir("devices", VM).getParent().getParent());
    } finally {
      sleeper.destroyForcibly().waitFor();
    }
    org.awaitility.Awaitility.await().untilAsserted(() -> manager.destroy(VM));
    manager.destroy(VM);
    assertThat(manager.dir("devices", VM)).doesNotExist();
  }
}
