package io.virtnode.node.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.virtnode.node.nativeio.Bpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real cgroup v2 with a generated BPF device program: allowed loop device opens, the other is denied. */
@Tag("isolation")
class CgroupV2DeviceFilterTest {
  private static final String VM = "vm1";
  @TempDir Path tmp;
  private final LoopDevices loops = new LoopDevices();
  private CgroupV2Manager manager;
  private Path mine;
  private Path other;

  @BeforeEach
  void setUp() throws Exception {
    CgroupProbe.Result probe = CgroupProbe.ofHost().probe();
    if (probe.v2Mount() == null) {
      fail("cgroup2 is not mounted on this host (needed for the BPF device program test)");
    }
    manager = new CgroupV2Manager(probe.v2Mount(), "virtnode-it-" + UUID.randomUUID().toString().substring(0, 8));
    mine = loops.create(tmp);
    other = loops.create(tmp);
    manager.create(VM, Limits.none());
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      manager.destroy(VM);
      Files.deleteIfExists(manager.dir(VM).getParent());
    } finally {
      loops.close();
    }
  }

  private DeviceAcl aclFor(Path... devices) throws Exception {
    return DeviceAcl.qemuBasics().with(DeviceAcl.fromPaths(java.util.List.of(devices), "rw"));
  }

  @Test
  void freshCgroupDeniesEveryDevice() throws Exception {
    assertDenied(mine);
  }

  @Test
  void ownDiskOpensAndAnotherIsDenied() throws Exception {
    manager.setDeviceAcl(VM, aclFor(mine));
    assertAllowed(mine);
    assertDenied(other);
  }

  @Test
  void hotplugAllowsThenUnplugDeniesAgain() throws Exception {
    manager.setDeviceAcl(VM, aclFor(mine));
    DeviceRule second = DeviceRule.forPath(other, "rw").orElseThrow();
    manager.allow(VM, second);
    assertAllowed(other);
    manager.deny(VM, second);
    assertDenied(other);
    assertAllowed(mine);
  }

  @Test
  void replacingTheAclSwapsWhichDiskOpens() throws Exception {
    manager.setDeviceAcl(VM, aclFor(mine));
    manager.setDeviceAcl(VM, aclFor(other));
    assertAllowed(other);
    assertDenied(mine);
    assertThat(manager.deviceAcl(VM)).isEqualTo(aclFor(other));
  }

  @Test
  void destroyIsIdempotent() throws Exception {
    manager.destroy(VM);
    manager.destroy(VM);
    assertThat(manager.dir(VM)).doesNotExist();
  }

  @Test
  void aRestartedAgentReplacesTheProgramItFindsAttached() throws Exception {
    manager.setDeviceAcl(VM, aclFor(mine));
    CgroupV2Manager restarted = new CgroupV2Manager(manager.dir(VM).getParent().getParent(),
        manager.dir(VM).getParent().getFileName().toString());
    restarted.setDeviceAcl(VM, aclFor(other));
    assertThat(CgroupV2Manager.DevicePrograms.KERNEL.attachedIds(manager.dir(VM))).hasSize(1);
    LoopDevices.Run r = InCgroup.run(restarted, VM, InCgroup.readOneSector(mine));
    assertThat(r.output()).contains("Operation not permitted");
    assertThat(InCgroup.run(restarted, VM, InCgroup.readOneSector(other)).exit()).isZero();
  }

  @Test
  void aProgramTheVerifierRejectsFailsWithItsLog() {
    byte[] noReturnValue = new byte[] {(byte) 0x95, 0, 0, 0, 0, 0, 0, 0}; // exit without setting r0
    assertThatThrownBy(() -> Bpf.loadCgroupDeviceProgram(noReturnValue, "Apache-2.0", "bad"))
        .hasMessageContaining("bpf(BPF_PROG_LOAD)").hasMessageContaining("verifier log")
        .hasMessageContaining("R0");
  }

  private void assertAllowed(Path dev) throws Exception {
    LoopDevices.Run r = InCgroup.run(manager, VM, InCgroup.readOneSector(dev));
    assertThat(r.exit()).as("dd of %s in the cgroup: %s", dev, r.output()).isZero();
  }

  private void assertDenied(Path dev) throws Exception {
    LoopDevices.Run r = InCgroup.run(manager, VM, InCgroup.readOneSector(dev));
    assertThat(r.exit()).as("dd of %s in the cgroup: %s", dev, r.output()).isNotZero();
    assertThat(r.output()).contains("Operation not permitted");
  }
}
