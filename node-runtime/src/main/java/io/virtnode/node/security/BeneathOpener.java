package io.virtnode.node.security;

import static io.virtnode.node.nativeio.FileCalls.O_CLOEXEC;
import static io.virtnode.node.nativeio.FileCalls.O_DIRECTORY;
import static io.virtnode.node.nativeio.FileCalls.O_NOFOLLOW;
import static io.virtnode.node.nativeio.FileCalls.O_PATH;

import io.virtnode.node.nativeio.FileCalls;
import io.virtnode.node.nativeio.FileStat;
import io.virtnode.node.nativeio.NativeException;
import java.io.IOException;
import java.util.List;

/**
 * Opens a path beneath a directory with no symlink on any component: openat2(RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS), or, where the kernel lacks openat2 (ENOSYS), a walk of
 * openat(O_NOFOLLOW) calls one component at a time.
 */
final class BeneathOpener {
  private static final long RESOLVE =
      FileCalls.RESOLVE_BENEATH | FileCalls.RESOLVE_NO_SYMLINKS | FileCalls.RESOLVE_NO_MAGICLINKS;
  private volatile boolean useOpenat2;

  BeneathOpener(boolean preferOpenat2) {
    this.useOpenat2 = preferOpenat2;
  }

  /** Whether this opener still tries openat2 (false after an ENOSYS, or when built for the walk). */
  boolean usesOpenat2() { return useOpenat2; }

  /** Opens root/components with flags (O_CLOEXEC added); the caller owns the returned fd. */
  int open(String root, List<String> components, String shown, int flags, int mode) throws IOException {
    int rootFd = FileCalls.openat(FileCalls.AT_FDCWD, root, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
    try {
      int fd = components.isEmpty() ? FileCalls.openat(rootFd, ".", flags | O_CLOEXEC, 0)
          : openFrom(rootFd, components, shown, flags | O_CLOEXEC, mode);
      return refuseSymlinkFd(fd, shown);
    } finally {
      FileCalls.close(rootFd);
    }
  }

  private int openFrom(int rootFd, List<String> components, String shown, int flags, int mode)
      throws IOException {
    if (useOpenat2) {
      long how = (flags & FileCalls.O_CREAT) != 0 ? mode : 0; // openat2 wants mode 0 unless creating
      try {
        return FileCalls.openat2(rootFd, String.join("/", components), flags, how, RESOLVE);
      } catch (NativeException e) {
        if (e.errno() != FileCalls.ENOSYS) {
          throw translate(e, shown, null);
        }
        useOpenat2 = false; // kernel before 5.6: fall through to the walk from now on
      }
    }
    return walk(rootFd, components, shown, flags, mode);
  }

  private int walk(int rootFd, List<String> components, String shown, int flags, int mode) throws IOException {
    int dir = rootFd;
    try {
      for (int i = 0; i < components.size() - 1; i++) {
        String name = components.get(i);
        int next;
        try {
          next = FileCalls.openat(dir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        } catch (NativeException e) {
          throw translate(e, shown, e.errno() == FileCalls.ENOTDIR ? FileCalls.lstatAt(dir, name) : null);
        }
        if (dir != rootFd) {
          FileCalls.close(dir);
        }
        dir = next;
      }
      String last = components.get(components.size() - 1);
      try {
        return FileCalls.openat(dir, last, flags | O_NOFOLLOW, mode);
      } catch (NativeException e) {
        throw translate(e, shown, null);
      }
    } finally {
      if (dir != rootFd) {
        FileCalls.close(dir);
      }
    }
  }

  /** O_PATH|O_NOFOLLOW hands back the symlink itself instead of ELOOP: refuse it here too. */
  private static int refuseSymlinkFd(int fd, String shown) throws IOException {
    FileStat st = FileCalls.fstat(fd);
    if (st.isSymlink()) {
      FileCalls.close(fd);
      throw symlink(shown);
    }
    return fd;
  }

  private static IOException translate(NativeException e, String shown, FileStat entry) {
    return switch (e.errno()) {
      case FileCalls.ELOOP -> symlink(shown);
      case FileCalls.EXDEV -> new PathRefusedException("PathEscapes", shown, "resolving it leaves its storage"
          + " root (" + e.getMessage() + "); keep images inside the root");
      case FileCalls.ENOENT -> new PathRefusedException("NotFound", shown, "no such file or directory ("
          + e.getMessage() + "); create it first or fix the path");
      case FileCalls.EEXIST -> new PathRefusedException("AlreadyExists", shown, "exists and was to be created"
          + " exclusively; remove it or use it as an existing image");
      case FileCalls.ENOTDIR -> entry != null && entry.isSymlink() ? symlink(shown)
          : new PathRefusedException("NotADirectory", shown, "a component is not a directory ("
              + e.getMessage() + "); fix the path");
      default -> e;
    };
  }

  private static PathRefusedException symlink(String shown) {
    return new PathRefusedException("SymlinkRefused", shown, "a component is a symbolic link, and symlinks "
        + "are never followed in VM paths; use the real path of the file");
  }
}
