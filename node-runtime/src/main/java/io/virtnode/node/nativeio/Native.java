package io.virtnode.node.nativeio;

import java.io.IOException;
import java.nio.ByteBuffer;
import jnr.ffi.LastError;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/** The libc calls this package uses, loaded once; {@link NativeIo} reports why they are unavailable. */
final class Native {
  static final int AF_UNIX = 1;
  static final int SOCK_STREAM = 1;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int SOL_SOCKET = 1;
  static final int SCM_RIGHTS = 1;
  static final int SHUT_RDWR = 2;
  static final int SO_PEERCRED = 17;
  static final int MSG_NOSIGNAL = 0x4000;
  static final int O_RDWR = 2;
  static final int O_CREAT = 0x40;
  static final int O_CLOEXEC = 0x80000;

  /** Only the libc functions used; public because jnr-ffi generates its implementation elsewhere. */
  public interface LibC {
    int socket(int domain, int type, int protocol);

    int connect(int fd, @In byte[] sockaddr, int length);

    long read(int fd, @Out ByteBuffer buf, long count);

    long send(int fd, @In ByteBuffer buf, long count, int flags);

    long sendmsg(int fd, Pointer msghdr, int flags);

    int shutdown(int fd, int how);

    int getsockopt(int fd, int level, int name, @Out byte[] value, @In @Out int[] length);

    int close(int fd);

    int open(String path, int flags, int mode);

    String strerror(int errno);

    String strerrorname_np(int errno);
  }

  private static final LoadedLibc<LibC> LOADED = LoadedLibc.load(LibC.class, "native I/O");
  static final LibC LIBC = LOADED.library;
  static final Runtime RUNTIME = LOADED.runtime;
  static final Throwable UNAVAILABILITY_CAUSE = LOADED.unavailabilityCause;


  private Native() {}

  /** Returns libc, or throws naming why it could not be loaded. */
  static LibC libc() throws IOException {
    if (LIBC == null) {
      throw new IOException("native I/O unavailable: " + UNAVAILABILITY_CAUSE, UNAVAILABILITY_CAUSE);
    }
    return LIBC;
  }

  /** errno of the call that just failed; only meaningful right after a failing return. */
  static int errno() { return LastError.getLastError(RUNTIME); }

  /** Builds the exception for a call that just returned -1, reading errno now. */
  static NativeException failure(String call, String subject) { return failure(call, subject, errno()); }

  static NativeException failure(String call, String subject, int errno) {
    return new NativeException(call, subject, errno, errnoName(errno), describe(errno));
  }

  private static String errnoName(int errno) {
    try {
      String name = LIBC.strerrorname_np(errno); // glibc >= 2.32
      return name != null ? name : "errno " + errno;
    } catch (LinkageError | RuntimeException missing) {
      return "errno " + errno;
    }
  }

  private static String describe(int errno) {
    String text = LIBC.strerror(errno);
    return text != null ? text : "unknown error";
  }
}
