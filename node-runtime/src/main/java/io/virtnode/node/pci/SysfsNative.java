package io.virtnode.node.pci;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;

/** The libc calls a sysfs store needs (open, write, close), so a failed write reports its real errno. */
final class SysfsNative {
  /** Only the functions used; paths are NUL-terminated by the caller. */
  public interface Calls {
    int open(@In byte[] path, int flags);

    long write(int fd, @In byte[] buf, long count);

    int close(int fd);
  }

  static final Calls CALLS;
  static final Runtime RUNTIME;
  static final Throwable UNAVAILABILITY_CAUSE;

  static {
    Calls calls = null;
    Runtime runtime = null;
    Throwable cause = null;
    try {
      calls = LibraryLoader.create(Calls.class).load("c");
      runtime = Runtime.getRuntime(calls);
    } catch (Throwable t) {
      cause = t;
    }
    CALLS = calls;
    RUNTIME = runtime;
    UNAVAILABILITY_CAUSE = cause;
  }

  private SysfsNative() {}

  /** errno of the call that just failed (stale after a successful call: read it only on failure). */
  static int errno() { return RUNTIME.getLastError(); }
}
