package io.virtnode.node.nativeio.netlink;

import java.io.IOException;
import jnr.ffi.LastError;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/** The libc calls netlink, namespaces and device nodes need, loaded once; 64-bit Linux only. */
final class NetlinkNative {
  static final int AF_NETLINK = 16;
  static final int SOCK_RAW = 3;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int NETLINK_ROUTE = 0;
  static final int SOL_SOCKET = 1;
  static final int SO_RCVTIMEO = 20;
  static final int SOL_NETLINK = 270;
  static final int NETLINK_CAP_ACK = 10;
  static final int O_RDONLY = 0;
  static final int O_RDWR = 2;
  static final int O_CLOEXEC = 0x80000;
  static final int CLONE_NEWNS = 0x00020000;
  static final int CLONE_NEWNET = 0x40000000;
  static final long MS_REC = 16384;
  static final long MS_SLAVE = 1 << 19;
  static final int MNT_DETACH = 2;
  static final int EINTR = 4;
  static final int EAGAIN = 11;

  /** Only the libc functions used; public because jnr-ffi generates its implementation elsewhere. */
  public interface LibC {
    int socket(int domain, int type, int protocol);

    int bind(int fd, @In byte[] sockaddr, int length);

    int getsockname(int fd, @Out byte[] sockaddr, @In @Out int[] length);

    int setsockopt(int fd, int level, int name, @In byte[] value, int length);

    long sendto(int fd, @In byte[] buf, long length, int flags, @In byte[] sockaddr, int addrLength);

    long recvfrom(int fd, @Out byte[] buf, long length, int flags, @Out byte[] sockaddr,
        @In @Out int[] addrLength);

    long read(int fd, @Out byte[] buf, long count);

    long write(int fd, @In byte[] buf, long count);

    int close(int fd);

    int open(String path, int flags, int mode);

    int setns(int fd, int nstype);

    int unshare(int flags);

    int mount(String source, String target, String type, long flags, Pointer data);

    int umount2(String target, int flags);

    int mknod(String path, int mode, long dev);

    String strerror(int errno);

    String strerrorname_np(int errno);
  }

  private static final io.virtnode.node.nativeio.LoadedLibc<LibC> LOADED =
      io.virtnode.node.nativeio.LoadedLibc.load(LibC.class, "netlink");
  private static final LibC LIBC = LOADED.library;
  private static final Runtime RUNTIME = LOADED.runtime;
  private static final Throwable UNAVAILABILITY_CAUSE = LOADED.unavailabilityCause;


  private NetlinkNative() {}

  /** Returns libc, or throws naming why it could not be loaded. */
  static LibC libc() throws IOException {
    if (LIBC == null) {
      throw new IOException("netlink unavailable: " + UNAVAILABILITY_CAUSE, UNAVAILABILITY_CAUSE);
    }
    return LIBC;
  }

  /** errno of the call that just failed; only meaningful right after a failing return. */
  static int errno() { return LastError.getLastError(RUNTIME); }

  /** "EEXIST", or "errno N" when libc cannot name it. */
  static String errnoName(int errno) {
    try {
      String name = LIBC.strerrorname_np(errno);
      return name != null ? name : "errno " + errno;
    } catch (LinkageError | RuntimeException missing) {
      return "errno " + errno;
    }
  }

  /** "File exists". */
  static String describe(int errno) {
    String text = LIBC == null ? null : LIBC.strerror(errno);
    return text != null ? text : "unknown error";
  }

  /** An exception for a libc call that just returned -1. */
  static IOException failure(String call, String subject) {
    int errno = errno();
    return new IOException(call + "(" + subject + ") failed: " + errnoName(errno) + " (" + describe(errno) + ")");
  }
}
