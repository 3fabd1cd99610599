package io.virtnode.node.pci.emulated;

import io.virtnode.node.pci.Errno;

/** An errno the emulated driver core answers a sysfs access with; FUSE hands it to the caller. */
public final class KernelError extends Exception {
  private final int errno;

  KernelError(int errno, String why) {
    super(Errno.name(errno) + ": " + why, null, false, false);
    this.errno = errno;
  }

  public int errno() { return errno; }
}
