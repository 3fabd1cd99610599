package io.virtnode.node.nativeio.netlink;

import java.io.IOException;
import java.nio.file.Path;

/** Character device nodes: make one from major:minor (mknod) and open it read-write. */
public final class DeviceNodes {
  private static final int S_IFCHR = 0020000;

  private DeviceNodes() {}

  /** Creates a character device node with the given permission bits; fails (EEXIST) if path exists. */
  public static void makeCharacterDevice(Path path, int major, int minor, int mode) throws IOException {
    NetlinkNative.LibC libc = NetlinkNative.libc();
    if (libc.mknod(path.toString(), S_IFCHR | (mode & 07777), makedev(major, minor)) < 0) {
      throw NetlinkNative.failure("mknod", path + " c " + major + ":" + minor);
    }
  }

  /** Opens a device node O_RDWR|O_CLOEXEC; returns the raw fd. */
  public static int openReadWrite(Path path) throws IOException {
    NetlinkNative.LibC libc = NetlinkNative.libc();
    while (true) {
      int fd = libc.open(path.toString(), NetlinkNative.O_RDWR | NetlinkNative.O_CLOEXEC, 0);
      if (fd >= 0) {
        return fd;
      }
      if (NetlinkNative.errno() != NetlinkNative.EINTR) {
        throw NetlinkNative.failure("open", path.toString());
      }
    }
  }

  /** Writes bytes to a raw fd (one frame for a tap); returns the count written. */
  public static long write(int fd, byte[] bytes) throws IOException {
    long n = NetlinkNative.libc().write(fd, bytes, bytes.length);
    if (n < 0) {
      throw NetlinkNative.failure("write", "fd " + fd);
    }
    return n;
  }

  /** Closes a raw fd. */
  public static void close(int fd) throws IOException {
    if (NetlinkNative.libc().close(fd) < 0) {
      throw NetlinkNative.failure("close", "fd " + fd);
    }
  }

  /** glibc's makedev for 64-bit dev_t. */
  static long makedev(long major, long minor) {
    return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
  }
}
