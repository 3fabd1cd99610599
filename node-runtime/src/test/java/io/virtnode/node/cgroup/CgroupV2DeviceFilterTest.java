package io.virtnode.node.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.virtnode.node.nativeio.Bpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real cgroup v2 with a generated BPF device program: allowed loop device opens, the other is denied. */
@Tag("isolation")
class CgroupV2DeviceFilterTest extends DeviceAclContract<CgroupV2Manager> {
  @Override
  CgroupV2Manager newManager() throws Exception {
    CgroupProbe.Result probe = CgroupProbe.ofHost().probe();
    if (probe.v2Mount() == null) {
      fail("cgroup2 is not mounted on this host (needed for the BPF device program test)");
    }
    return new CgroupV2Manager(probe.v2Mount(), "virtnode-it-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @BeforeEach
  void createVmCgroup() throws Exception {
    manager.create(VM, Limits.none());
  }

  @Override
  void removeCgroups() throws Exception {
    manager.destroy(VM);
    Files.deleteIfExists(manager.dir(VM).getParent());
  }

  @Test
  void freshCgroupDeniesEveryDevice() throws Exception {
    assertDenied(mine);
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
}
