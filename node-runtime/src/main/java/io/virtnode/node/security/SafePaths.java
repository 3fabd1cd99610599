package io.virtnode.node.security;

import static io.virtnode.node.nativeio.FileCalls.O_CLOEXEC;
import static io.virtnode.node.nativeio.FileCalls.O_DIRECTORY;
import static io.virtnode.node.nativeio.FileCalls.O_PATH;

import io.virtnode.node.nativeio.FileCalls;
import io.virtnode.node.nativeio.FileStat;
import io.virtnode.node.nativeio.NativeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Validates disk, char-device, image and socket paths against the agent's storage roots and opens them with
 * no symlink on any component beneath the root. Roots are trusted configuration and must be canonical;
 * everything below a root is user-controlled. Hand QEMU the fd from {@link #openBeneath}, not the path.
 */
public final class SafePaths {
  private final List<Path> roots;
  private final BeneathOpener opener;

  public SafePaths(List<Path> allowedRoots) {
    this(allowedRoots, true);
  }

  /** preferOpenat2=false forces the openat(O_NOFOLLOW) walk, as on kernels without openat2. */
  SafePaths(List<Path> allowedRoots, boolean preferOpenat2) {
    for (Path root : allowedRoots) {
      if (!root.isAbsolute() || !root.normalize().equals(root)) {
        throw new IllegalArgumentException("storage root must be an absolute, normalized path: " + root);
      }
    }
    this.roots = allowedRoots.stream().sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
    this.opener = new BeneathOpener(preferOpenat2);
  }

  /** True while opens go through openat2 (false once the kernel answered ENOSYS). */
  public boolean usesOpenat2() { return opener.usesOpenat2(); }

  /** An existing regular file under a root, no symlink on any component, not hard-linked elsewhere. */
  public Path check(String userPath) throws IOException {
    return checkExisting(userPath, FileStat::isRegular, "NotARegularFile", "a regular file");
  }

  /** A unix socket the agent will connect to: same rules, and the last component must be a socket. */
  public Path checkSocket(Path socketPath) throws IOException {
    return checkExisting(socketPath.toString(), FileStat::isSocket, "NotASocket", "a unix socket");
  }

  /**
   * A path for an image the agent may create: either absent (its parent exists, symlink-free) or an existing
   * regular file the agent itself owns. A file that exists and belongs to someone else is refused and never
   * adopted or chowned (KubeVirt's DiskOrCreate CVE). Create it with openBeneath(O_CREAT|O_EXCL).
   */
  public CreateCheck checkCreate(String userPath) throws IOException {
    Path path = lexical(userPath);
    Path root = rootOf(path, userPath);
    Path rel = root.relativize(path);
    int fd;
    try {
      fd = opener.open(root.toString(), PathSyntax.relativeComponents(rel.toString()), userPath, O_PATH, 0);
    } catch (PathRefusedException e) {
      if (!e.reason().equals("NotFound")) {
        throw e;
      }
      Path parentRel = rel.getParent();
      int dir = opener.open(root.toString(), parentRel == null ? List.of()
          : PathSyntax.relativeComponents(parentRel.toString()), userPath, O_PATH | O_DIRECTORY, 0);
      FileCalls.close(dir);
      return new CreateCheck(path, false);
    }
    try {
      FileStat st = FileCalls.fstat(fd);
      int me = FileCalls.geteuid();
      if (st.uid() != me) {
        throw new PathRefusedException("ForeignFile", userPath, "exists and belongs to uid " + st.uid()
            + ", not to the agent (uid " + me + "); it is never adopted or chowned: pick a new path or remove"
            + " the file");
      }
      refuseUnlessRegular(st, userPath);
      return new CreateCheck(path, true);
    } finally {
      FileCalls.close(fd);
    }
  }

  /** Result of {@link #checkCreate}: the validated path and whether an image already exists there. */
  public record CreateCheck(Path path, boolean exists) {}

  /**
   * Opens root/relative with no symlink on any component and never leaving root; ELOOP becomes
   * SymlinkRefused, EXDEV PathEscapes. Returns the raw fd (O_CLOEXEC) the caller must close.
   */
  public int openBeneath(Path root, Path relative, int flags, int mode) throws IOException {
    if (!root.isAbsolute()) {
      throw new IllegalArgumentException("openBeneath root must be absolute: " + root);
    }
    String shown = root.resolve(relative).toString();
    return opener.open(root.toString(), PathSyntax.relativeComponents(relative.toString()), shown, flags, mode);
  }

  private Path checkExisting(String userPath, Predicate<FileStat> kind, String reason, String wanted)
      throws IOException {
    Path path = lexical(userPath);
    Path root = rootOf(path, userPath);
    int fd = openBeneath(root, root.relativize(path), O_PATH, 0);
    try {
      FileStat st = FileCalls.fstat(fd);
      if (!kind.test(st)) {
        throw new PathRefusedException(reason, userPath, "is a " + st.typeName() + ", expected " + wanted);
      }
      if (st.isRegular()) {
        refuseUnlessRegular(st, userPath);
      }
      long fs = FileCalls.filesystemType(fd);
      if (fs == FileCalls.PROC_SUPER_MAGIC || fs == FileCalls.SYSFS_MAGIC) {
        throw new PathRefusedException("SystemPath", userPath, "lies on a proc or sysfs mount inside a storage"
            + " root; unmount it from the root");
      }
      return path;
    } finally {
      FileCalls.close(fd);
    }
  }

  private static void refuseUnlessRegular(FileStat st, String userPath) throws PathRefusedException {
    if (!st.isRegular()) {
      throw new PathRefusedException("NotARegularFile", userPath, "is a " + st.typeName()
          + ", expected a regular file");
    }
    if (st.nlink() > 1) {
      throw new PathRefusedException("HardLinked", userPath, "has " + st.nlink() + " hard links; a link may"
          + " point at a host file outside the root, so labelling it would relabel that file: copy the image");
    }
  }

  private static Path lexical(String userPath) throws PathRefusedException {
    PathSyntax.absoluteComponents(userPath);
    return Path.of(userPath);
  }

  private Path rootOf(Path path, String userPath) throws PathRefusedException {
    for (Path root : roots) {
      if (path.startsWith(root) && !path.equals(root)) {
        return root;
      }
    }
    throw new PathRefusedException("OutsideRoots", userPath, "is not beneath an allowed storage root " + roots
        + "; move the file under one of them or ask the node's administrator to add a root");
  }

  /** Whether the running kernel has openat2 (5.6+); the walk is used otherwise. */
  public static boolean openat2Available() throws IOException {
    try {
      FileCalls.close(FileCalls.openat2(FileCalls.AT_FDCWD, "/", O_PATH | O_CLOEXEC, 0, 0));
      return true;
    } catch (NativeException e) {
      if (e.errno() == FileCalls.ENOSYS) {
        return false;
      }
      throw e;
    }
  }
}
