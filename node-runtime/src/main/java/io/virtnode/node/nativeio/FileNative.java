package io.virtnode.node.nativeio;

import java.io.IOException;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/** The libc calls behind {@link FileCalls} (openat2, openat, fstatat, fchownat, xattrs), loaded once. */
final class FileNative {
  /** Only the functions used; byte[] paths are NUL-terminated UTF-8 built by the caller. */
  public interface Calls {
    long syscall(long number, int dirfd, @In byte[] path, Pointer how, long size);

    int openat(int dirfd, @In byte[] path, int flags, int mode);

    int fstatat(int dirfd, @In byte[] path, Pointer statbuf, int flags);

    int fstatfs(int fd, Pointer statfsbuf);

    int fchownat(int dirfd, @In byte[] path, int uid, int gid, int flags);

    int chmod(@In byte[] path, int mode);

    long getxattr(@In byte[] path, @In byte[] name, @Out byte[] value, long size);

    int setxattr(@In byte[] path, @In byte[] name, @In byte[] value, long size, int flags);

    int removexattr(@In byte[] path, @In byte[] name);

    int close(int fd);

    int geteuid();
  }

  static final Calls CALLS;
  static final Runtime RUNTIME;
  static final boolean X86_64;
  static final Throwable UNAVAILABILITY_CAUSE;

  static {
    Calls calls = null;
    Runtime runtime = null;
    boolean x86 = false;
    Throwable cause = null;
    try {
      Platform platform = Platform.getNativePlatform();
      Platform.CPU cpu = platform.getCPU();
      if (platform.getOS() != Platform.OS.LINUX
          || (cpu != Platform.CPU.X86_64 && cpu != Platform.CPU.AARCH64)) {
        throw new UnsupportedOperationException("file calls need Linux on x86_64 or aarch64 (struct stat"
            + " layouts are hand-built), found " + platform.getOS() + " " + cpu);
      }
      x86 = cpu == Platform.CPU.X86_64;
      calls = LibraryLoader.create(Calls.class).load(platform.getStandardCLibraryName());
      runtime = Runtime.getRuntime(calls);
    } catch (Throwable t) {
      cause = t;
      calls = null;
      runtime = null;
    }
    CALLS = calls;
    RUNTIME = runtime;
    X86_64 = x86;
    UNAVAILABILITY_CAUSE = cause;
  }

  private FileNative() {}

  static Calls calls() throws IOException {
    if (CALLS == null) {
      throw new IOException("native file calls unavailable: " + UNAVAILABILITY_CAUSE, UNAVAILABILITY_CAUSE);
    }
    return CALLS;
  }

  /** errno of the call that just returned -1 (jnr-ffi's value is stale after a successful call). */
  static int errno() { return LastError.getLastError(RUNTIME); }
}
