package io.virtnode.node.fd;

import io.virtnode.node.nativeio.FileCalls;
import io.virtnode.node.qemu.Qmp;
import io.virtnode.node.qemu.QmpException;
import io.virtnode.node.qemu.QmpReplies.AddFdInfo;
import io.virtnode.node.qemu.QmpSession;
import io.virtnode.node.security.PathRefusedException;
import io.virtnode.node.security.SafePaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The one way files reach QEMU as descriptors. The broker opens them itself, beneath an allowed storage
 * root with no symlink on any component ({@link SafePaths}), and hands them over either at exec
 * ({@link ExecFds}: inherited fds 3, 4, … re-opened through /proc/&lt;agent&gt;/fd) or over the monitor
 * with SCM_RIGHTS ({@link #toFdset} for add-fd, {@link #toNamed} for getfd). Descriptors opened elsewhere
 * (taps, vfio groups) enter through {@link #adopt}.
 */
public final class FdBroker {
  private final SafePaths safePaths;
  private final List<Path> roots;

  /** roots: the allowed storage roots, absolute and normalized (as SafePaths requires). */
  public FdBroker(List<Path> allowedRoots) {
    this.roots = allowedRoots.stream().map(p -> p.toAbsolutePath().normalize())
        .sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
    this.safePaths = new SafePaths(roots);
  }

  /** How the file is opened. */
  public enum Access { READ_ONLY, READ_WRITE }

  /** Opens an existing file or block device beneath its root, never following a symlink. */
  public OwnedFd open(Path path, Access access) throws IOException {
    Path root = rootOf(path);
    int flags = (access == Access.READ_ONLY ? FileCalls.O_RDONLY : FileCalls.O_RDWR) | FileCalls.O_CLOEXEC;
    return new OwnedFd(safePaths.openBeneath(root, root.relativize(path), flags, 0), path.toString());
  }

  /** Creates a new file (never an existing one) beneath its root, read-write with mode, e.g. a save image. */
  public OwnedFd create(Path path, int mode) throws IOException {
    Path root = rootOf(path);
    int flags = FileCalls.O_RDWR | FileCalls.O_CREAT | FileCalls.O_EXCL | FileCalls.O_CLOEXEC;
    return new OwnedFd(safePaths.openBeneath(root, root.relativize(path), flags, mode), path.toString());
  }

  /** Takes ownership of a descriptor opened by another driver (a tap's /dev/tapN, a vfio group). */
  public OwnedFd adopt(int fd, String what) { return new OwnedFd(fd, what); }

  /**
   * Sends fd to QEMU into a new fdset with add-fd; QEMU then opens it as {@code /dev/fdset/N}. The agent's
   * copy stays open (close it when QEMU opened the set, or keep it to retry). Release the handle to remove it.
   */
  public MonitorFd.InFdset toFdset(QmpSession qmp, OwnedFd fd, String opaque) throws QmpException {
    AddFdInfo added = qmp.run(new Qmp.AddFd(fd.fd(), null, opaque));
    return new MonitorFd.InFdset(qmp, added.fdsetId(), added.fd(), opaque);
  }

  /** Sends fd to QEMU under name with getfd (netdev tap fd=name, migrate fd:name). */
  public MonitorFd.Named toNamed(QmpSession qmp, OwnedFd fd, String name) throws QmpException {
    qmp.run(new Qmp.GetFd(name, fd.fd()));
    return new MonitorFd.Named(qmp, name);
  }

  /** The agent's fds, to hand QEMU at exec as fds 3, 4, … (the disk order of the plan). */
  public ExecFds forExec(List<OwnedFd> fds) { return new ExecFds(fds); }

  private Path rootOf(Path path) throws PathRefusedException {
    Path p = path.normalize();
    for (Path root : roots) {
      if (p.startsWith(root) && !p.equals(root)) {
        return root;
      }
    }
    throw new PathRefusedException("OutsideRoots", path.toString(), "is not beneath an allowed storage root "
        + roots + "; move the file under one of them or ask the node's administrator to add a root");
  }
}
