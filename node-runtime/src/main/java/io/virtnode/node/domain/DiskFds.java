package io.virtnode.node.domain;

/**
 * Where the n-th disk's fd lands when disks are passed as fds: QEMU inherits it as fd 3+n and gets it into
 * fdset n+1 with -add-fd; the disk is then opened as /dev/fdset/(n+1), so a path swapped after the agent's
 * check cannot redirect QEMU.
 */
public final class DiskFds {
  private DiskFds() {}

  public static int qemuFd(int diskIndex) { return 3 + diskIndex; }

  public static int fdset(int diskIndex) { return diskIndex + 1; }
}
