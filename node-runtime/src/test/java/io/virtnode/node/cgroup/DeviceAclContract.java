package io.virtnode.node.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every CgroupManager must do with a device ACL, checked on the real hierarchy with two loop devices:
 * a process in the VM's cgroup opens its own disk and is denied the other, hotplug allow/deny, atomic swap.
 */
abstract class DeviceAclContract<M extends CgroupManager> {
  static final String VM = "vm1";
  @TempDir Path tmp;
  final LoopDevices loops = new LoopDevices();
  M manager;
  Path mine;
  Path other;

  /** A manager for the hierarchy under test, with its own parent cgroup; fails naming what is missing. */
  abstract M newManager() throws Exception;

  /** Removes the VM's and the parent cgroup. */
  abstract void removeCgroups() throws Exception;

  @BeforeEach
  void setUpContract() throws Exception {
    manager = newManager();
    mine = loops.create(tmp);
    other = loops.create(tmp);
  }

  @AfterEach
  void tearDownContract() throws Exception {
    try {
      removeCgroups();
    } finally {
      loops.close();
    }
  }

  DeviceAcl aclFor(Path... devices) throws Exception {
    return DeviceAcl.qemuBasics().with(DeviceAcl.fromPaths(List.of(devices), "rw"));
  }

  @Test
  void ownDiskOpensAndAnotherIsDenied() throws Exception {
    manager.create(VM, Limits.none());
    manager.setDeviceAcl(VM, aclFor(mine));
    assertThat(manager.deviceAcl(VM)).isEqualTo(aclFor(mine));
    assertAllowed(mine);
    assertDenied(other);
  }

  @Test
  void hotplugAllowsThenUnplugDeniesAgain() throws Exception {
    manager.create(VM, Limits.none());
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
    manager.create(VM, Limits.none());
    manager.setDeviceAcl(VM, aclFor(mine));
    manager.setDeviceAcl(VM, aclFor(other));
    assertThat(manager.deviceAcl(VM)).isEqualTo(aclFor(other));
    assertAllowed(other);
    assertDenied(mine);
  }

  void assertAllowed(Path dev) throws Exception {
    LoopDevices.Run r = InCgroup.run(manager, VM, InCgroup.readOneSector(dev));
    assertThat(r.exit()).as("dd of %s in the cgroup: %s", dev, r.output()).isZero();
  }

  void assertDenied(Path dev) throws Exception {
    LoopDevices.Run r = InCgroup.run(manager, VM, InCgroup.readOneSector(dev));
    assertThat(r.exit()).as("dd of %s in the cgroup: %s", dev, r.output()).isNotZero();
    assertThat(r.output()).contains("Operation not permitted");
  }
}
