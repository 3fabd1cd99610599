package io.virtnode.node.hotplug;

import io.virtnode.node.domain.DiskSpec;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a hotplug needs of the host besides QEMU: the VM's cgroup device ACL (block devices) and file labels.
 * Each call is undone by its pair (allowDevice/denyDevice, label/unlabel); implementations may record them
 * as claims so an agent restarted mid-hotplug can finish or undo them.
 */
public interface HotplugHost {

  /** Lets the VM's QEMU open the block device at path (before device_add). */
  void allowDevice(String vmId, Path device, boolean readOnly) throws IOException;

  /** Takes that access away again (after the device is gone). */
  void denyDevice(String vmId, Path device) throws IOException;

  /** Labels the disk's file (and its backing chain) for the VM's QEMU, remembering the originals. */
  void label(String vmId, DiskSpec disk) throws IOException;

  /** Gives the disk's files their original labels back when the VM was their last user. */
  void unlabel(String vmId, DiskSpec disk) throws IOException;
}
