package io.virtnode.node.nativeio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * fd-based file calls for path-safe opening and labelling: openat2/openat, fstat, fchownat, chmod and xattrs
 * through the fd (never re-resolving a user path). Failures are {@link NativeException}s naming the call.
 */
public final class FileCalls {
  public static final int AT_FDCWD = -100;
  public static final int O_RDONLY = 0;
  public static final int O_RDWR = 2;
  public static final int O_CREAT = 0100;
  public static final int O_EXCL = 0200;
  public static final int O_NOCTTY = 0400;
  public static final int O_NONBLOCK = 04000;
  public static final int O_DIRECTORY = 0200000;
  public static final int O_NOFOLLOW = 0400000;
  public static final int O_CLOEXEC = 02000000;
  public static final int O_PATH = 010000000;
  public static final long RESOLVE_NO_XDEV = 0x01;
  public static final long RESOLVE_NO_MAGICLINKS = 0x02;
  public static final long RESOLVE_NO_SYMLINKS = 0x04;
  public static final long RESOLVE_BENEATH = 0x08;
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EAGAIN = 11;
  public static final int EACCES = 13;
  public static final int EEXIST = 17;
  public static final int EXDEV = 18;
  public static final int ENOTDIR = 20;
  public static final int ENOSYS = 38;
  public static final int ELOOP = 40;
  public static final int ENODATA = 61;
  public static final long PROC_SUPER_MAGIC = 0x9fa0;
  public static final long SYSFS_MAGIC = 0x62656572;
  private static final long SYS_OPENAT2 = 437; // same number on x86_64 and aarch64 (unified since 424)
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final int AT_EMPTY_PATH = 0x1000;
  private static final byte[] EMPTY = {0};

  private FileCalls() {}

  /** True when the bindings loaded (Linux x86_64/aarch64). */
  public static boolean isAvailable() { return FileNative.CALLS != null; }

  /** Why the bindings are unavailable, or null. */
  public static Throwable unavailabilityCause() { return FileNative.UNAVAILABILITY_CAUSE; }

  /** openat2(2) with struct open_how {flags, mode, resolve}; ENOSYS when the kernel predates 5.6. */
  public static int openat2(int dirfd, String path, long flags, long mode, long resolve) throws IOException {
    FileNative.Calls c = FileNative.calls();
    Pointer how = Memory.allocateDirect(FileNative.RUNTIME, 24);
    how.putLong(0, flags);
    how.putLong(8, mode);
    how.putLong(16, resolve);
    byte[] name = cString(path);
    while (true) {
      long fd = c.syscall(SYS_OPENAT2, dirfd, name, how, 24);
      if (fd >= 0) {
        return (int) fd;
      }
      int errno = FileNative.errno();
      if (errno != EINTR && errno != EAGAIN) { // EAGAIN: a rename raced a RESOLVE_BENEATH walk; retry
        throw error("openat2", path, errno);
      }
    }
  }

  /** openat(2); EINTR retried. */
  public static int openat(int dirfd, String path, int flags, int mode) throws IOException {
    FileNative.Calls c = FileNative.calls();
    byte[] name = cString(path);
    while (true) {
      int fd = c.openat(dirfd, name, flags, mode);
      if (fd >= 0) {
        return fd;
      }
      int errno = FileNative.errno();
      if (errno != EINTR) {
        throw error("openat", path, errno);
      }
    }
  }

  /** fstat of the fd itself (an O_PATH fd of a symlink reports the symlink). */
  public static FileStat fstat(int fd) throws IOException {
    return statAt(fd, "", "fstat", "fd " + fd);
  }

  /** fstatat(dirfd, name, AT_SYMLINK_NOFOLLOW): the entry itself, never what a symlink points to. */
  public static FileStat lstatAt(int dirfd, String name) throws IOException {
    return statAt(dirfd, name, "fstatat", name);
  }

  private static FileStat statAt(int dirfd, String name, String call, String subject) throws IOException {
    FileNative.Calls c = FileNative.calls();
    Pointer buf = Memory.allocateDirect(FileNative.RUNTIME, 256);
    int flags = AT_SYMLINK_NOFOLLOW | (name.isEmpty() ? AT_EMPTY_PATH : 0);
    if (c.fstatat(dirfd, cString(name), buf, flags) < 0) {
      throw error(call, subject, FileNative.errno());
    }
    if (FileNative.X86_64) {
      return new FileStat(buf.getLong(0), buf.getLong(8), buf.getInt(24), buf.getInt(28), buf.getInt(32),
          buf.getLong(16));
    }
    return new FileStat(buf.getLong(0), buf.getLong(8), buf.getInt(16), buf.getInt(24), buf.getInt(28),
        Integer.toUnsignedLong(buf.getInt(20)));
  }

  /** f_type of the filesystem holding fd (fstatfs), e.g. {@link #PROC_SUPER_MAGIC}. */
  public static long filesystemType(int fd) throws IOException {
    Pointer buf = Memory.allocateDirect(FileNative.RUNTIME, 256);
    if (FileNative.calls().fstatfs(fd, buf) < 0) {
      throw error("fstatfs", "fd " + fd, FileNative.errno());
    }
    return buf.getLong(0);
  }

  /** fchownat(fd, "", uid, gid, AT_EMPTY_PATH): changes the inode the fd holds (works on O_PATH fds). */
  public static void fchown(int fd, int uid, int gid, String subject) throws IOException {
    if (FileNative.calls().fchownat(fd, EMPTY, uid, gid, AT_EMPTY_PATH) < 0) {
      throw error("fchownat", subject, FileNative.errno());
    }
  }

  /** chmod of the inode the fd holds, through /proc/self/fd (fchmod refuses O_PATH fds). */
  public static void fchmod(int fd, int mode, String subject) throws IOException {
    if (FileNative.calls().chmod(cString(procFd(fd)), mode) < 0) {
      throw error("chmod", subject + " via " + procFd(fd), FileNative.errno());
    }
  }

  /** The xattr of the inode the fd holds, or empty when it has none (ENODATA). */
  public static Optional<byte[]> getxattr(int fd, String name, String subject) throws IOException {
    FileNative.Calls c = FileNative.calls();
    byte[] path = cString(procFd(fd));
    byte[] key = cString(name);
    while (true) {
      long size = c.getxattr(path, key, null, 0);
      if (size < 0) {
        int errno = FileNative.errno();
        if (errno == ENODATA) {
          return Optional.empty();
        }
        throw error("getxattr", subject + " " + name, errno);
      }
      byte[] value = new byte[(int) size];
      long got = c.getxattr(path, key, value, value.length);
      if (got >= 0) {
        return Optional.of(Arrays.copyOf(value, (int) got));
      }
      int errno = FileNative.errno();
      if (errno != 34) { // ERANGE: the value grew between the two calls; ask again
        throw error("getxattr", subject + " " + name, errno);
      }
    }
  }

  /** Sets the xattr of the inode the fd holds. */
  public static void setxattr(int fd, String name, byte[] value, String subject) throws IOException {
    if (FileNative.calls().setxattr(cString(procFd(fd)), cString(name), value, value.length, 0) < 0) {
      throw error("setxattr", subject + " " + name, FileNative.errno());
    }
  }

  /** Removes the xattr of the inode the fd holds; absent already is fine. */
  public static void removexattr(int fd, String name, String subject) throws IOException {
    if (FileNative.calls().removexattr(cString(procFd(fd)), cString(name)) < 0) {
      int errno = FileNative.errno();
      if (errno != ENODATA) {
        throw error("removexattr", subject + " " + name, errno);
      }
    }
  }

  /** Closes a raw fd (not retried on EINTR: Linux releases it anyway). */
  public static void close(int fd) throws IOException {
    if (FileNative.calls().close(fd) < 0) {
      throw error("close", "fd " + fd, FileNative.errno());
    }
  }

  /** The effective uid of this process. */
  public static int geteuid() throws IOException { return FileNative.calls().geteuid(); }

  /** The exception a failing call raises; public so fakes can fail the way the real call does. */
  public static NativeException error(String call, String subject, int errno) {
    return Native.failure(call, subject, errno);
  }

  /** The magic-link path of an fd of this process. */
  public static String procFd(int fd) { return "/proc/self/fd/" + fd; }

  private static byte[] cString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(b, b.length + 1);
  }
}
