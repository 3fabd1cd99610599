package io.virtnode.node.nativeio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;

/** The bpf(2) commands for cgroup device programs: load, attach, detach, query (x86_64/aarch64 Linux). */
public final class Bpf {
  static final int BPF_PROG_LOAD = 5;
  static final int BPF_PROG_ATTACH = 8;
  static final int BPF_PROG_DETACH = 9;
  static final int BPF_PROG_GET_FD_BY_ID = 13;
  static final int BPF_PROG_QUERY = 16;
  static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
  static final int BPF_CGROUP_DEVICE = 6;
  /** Attach flags. */
  public static final int BPF_F_ALLOW_MULTI = 2;
  public static final int BPF_F_REPLACE = 4;
  static final int O_RDONLY = 0;
  static final int O_DIRECTORY = 0x10000;
  static final int ATTR_SIZE = 128;
  static final int LOG_SIZE = 64 * 1024;

  /** The raw syscall entry; public because jnr-ffi generates its implementation elsewhere. */
  public interface Sys {
    long syscall(long number, long cmd, Pointer attr, long size);

    int open(String path, int flags, int mode);
  }

  private static final Sys SYS;
  private static final long NR_BPF;

  static {
    Sys sys = null;
    long nr = -1;
    try {
      Platform platform = Platform.getNativePlatform();
      nr = switch (platform.getCPU()) {
        case X86_64 -> 321;
        case AARCH64 -> 280;
        default -> throw new UnsupportedOperationException("bpf(2) number unknown on " + platform.getCPU());
      };
      sys = LibraryLoader.create(Sys.class).load(platform.getStandardCLibraryName());
    } catch (Throwable t) {
      sys = null;
    }
    SYS = sys;
    NR_BPF = nr;
  }

  private Bpf() {}

  private static Sys sys() throws IOException {
    Native.libc(); // throws naming why native I/O is unavailable
    if (SYS == null) {
      throw new IOException("bpf(2) unavailable on " + Platform.getNativePlatform().getCPU());
    }
    return SYS;
  }

  private static Pointer attr() { return Memory.allocateDirect(Native.RUNTIME, ATTR_SIZE, true); }

  private static long call(int cmd, Pointer attr, String call, String subject) throws IOException {
    Sys sys = sys();
    for (int attempt = 1; ; attempt++) {
      long rc = sys.syscall(NR_BPF, cmd, attr, ATTR_SIZE);
      if (rc >= 0) {
        return rc;
      }
      int errno = Native.errno();
      boolean retry = errno == NativeException.EINTR || errno == NativeException.EAGAIN;
      if (!retry || attempt >= 5) {
        throw Native.failure(call, subject, errno);
      }
    }
  }

  /**
   * Loads a BPF_PROG_TYPE_CGROUP_DEVICE program (8-byte eBPF instructions) and returns its fd; a verifier
   * rejection carries the verifier log in the exception message.
   */
  public static int loadCgroupDeviceProgram(byte[] insns, String license, String name) throws IOException {
    if (insns.length == 0 || insns.length % 8 != 0) {
      throw new IllegalArgumentException("eBPF program must be a non-empty multiple of 8 bytes: " + insns.length);
    }
    Pointer code = Memory.allocateDirect(Native.RUNTIME, insns.length, true);
    code.put(0, insns, 0, insns.length);
    byte[] lic = (license + "\0").getBytes(StandardCharsets.US_ASCII);
    Pointer licPtr = Memory.allocateDirect(Native.RUNTIME, lic.length, true);
    licPtr.put(0, lic, 0, lic.length);
    Pointer log = Memory.allocateDirect(Native.RUNTIME, LOG_SIZE, true);
    Pointer a = attr();
    a.putInt(0, BPF_PROG_TYPE_CGROUP_DEVICE);
    a.putInt(4, insns.length / 8);
    a.putLong(8, code.address());
    a.putLong(16, licPtr.address());
    a.putInt(24, 1); // log_level
    a.putInt(28, LOG_SIZE);
    a.putLong(32, log.address());
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    a.put(48, n, 0, Math.min(n.length, 15)); // prog_name[16], NUL-terminated
    a.putInt(68, BPF_CGROUP_DEVICE); // expected_attach_type
    try {
      return (int) call(BPF_PROG_LOAD, a, "bpf(BPF_PROG_LOAD)", name + ", " + insns.length / 8 + " insns");
    } catch (NativeException e) {
      String verifier = log.getString(0, LOG_SIZE, StandardCharsets.US_ASCII).strip();
      if (verifier.isEmpty()) {
        throw e;
      }
      throw Native.failure("bpf(BPF_PROG_LOAD)",
          name + ", " + insns.length / 8 + " insns; verifier log:\n" + verifier, e.errno());
    }
  }

  /** Attaches a device program to a cgroup (BPF_CGROUP_DEVICE), optionally replacing {@code replaceFd}. */
  public static void attachCgroupDevice(int cgroupFd, int progFd, int flags, int replaceFd) throws IOException {
    Pointer a = attr();
    a.putInt(0, cgroupFd);
    a.putInt(4, progFd);
    a.putInt(8, BPF_CGROUP_DEVICE);
    a.putInt(12, flags);
    a.putInt(16, (flags & BPF_F_REPLACE) != 0 ? replaceFd : 0);
    call(BPF_PROG_ATTACH, a, "bpf(BPF_PROG_ATTACH)", "cgroup fd " + cgroupFd + ", prog fd " + progFd
        + ", flags " + flags + ((flags & BPF_F_REPLACE) != 0 ? ", replacing prog fd " + replaceFd : ""));
  }

  /** Detaches one device program from a cgroup. */
  public static void detachCgroupDevice(int cgroupFd, int progFd) throws IOException {
    Pointer a = attr();
    a.putInt(0, cgroupFd);
    a.putInt(4, progFd);
    a.putInt(8, BPF_CGROUP_DEVICE);
    call(BPF_PROG_DETACH, a, "bpf(BPF_PROG_DETACH)", "cgroup fd " + cgroupFd + ", prog fd " + progFd);
  }

  /** Ids of the device programs attached directly to a cgroup (at most 64). */
  public static int[] queryCgroupDevice(int cgroupFd) throws IOException {
    int max = 64;
    Pointer ids = Memory.allocateDirect(Native.RUNTIME, 4 * max, true);
    Pointer a = attr();
    a.putInt(0, cgroupFd);
    a.putInt(4, BPF_CGROUP_DEVICE);
    a.putLong(16, ids.address());
    a.putInt(24, max);
    call(BPF_PROG_QUERY, a, "bpf(BPF_PROG_QUERY)", "cgroup fd " + cgroupFd);
    int count = a.getInt(24);
    int[] result = new int[Math.min(count, max)];
    for (int i = 0; i < result.length; i++) {
      result[i] = ids.getInt(4L * i);
    }
    return result;
  }

  /** Opens an fd for a loaded program by its id (needs CAP_SYS_ADMIN). */
  public static int programFdById(int id) throws IOException {
    Pointer a = attr();
    a.putInt(0, id);
    return (int) call(BPF_PROG_GET_FD_BY_ID, a, "bpf(BPF_PROG_GET_FD_BY_ID)", "prog id " + id);
  }

  /** Opens a directory read-only with O_DIRECTORY|O_CLOEXEC (a cgroup fd for attach/detach/query). */
  public static int openDirectory(Path dir) throws IOException {
    Sys sys = sys();
    String name = dir.toString();
    while (true) {
      int fd = sys.open(name, O_RDONLY | O_DIRECTORY | Native.O_CLOEXEC, 0);
      if (fd >= 0) {
        return fd;
      }
      int errno = Native.errno();
      if (errno != NativeException.EINTR) {
        throw Native.failure("open", name + ", O_DIRECTORY", errno);
      }
    }
  }
}
