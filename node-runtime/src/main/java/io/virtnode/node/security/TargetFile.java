package io.virtnode.node.security;

import io.virtnode.node.nativeio.FileCalls;
import io.virtnode.node.nativeio.FileStat;
import java.io.IOException;
import java.nio.file.Path;

/** A label target opened O_PATH from "/" with no symlink on any component; labels go through this fd only. */
final class TargetFile implements AutoCloseable {
  private static final BeneathOpener OPENER = new BeneathOpener(true);
  final Path path;
  final int fd;
  final FileStat stat;

  private TargetFile(Path path, int fd, FileStat stat) {
    this.path = path;
    this.fd = fd;
    this.stat = stat;
  }

  /** Opens the path; PathRefusedException for symlinks (SymlinkRefused), missing files, /proc /sys /dev. */
  static TargetFile open(Path path) throws IOException {
    String shown = path.toString();
    int fd = OPENER.open("/", PathSyntax.absoluteComponents(shown), shown, FileCalls.O_PATH, 0);
    try {
      FileStat st = FileCalls.fstat(fd);
      if (!st.isRegular() && !st.isSocket() && !st.isBlockDevice()) {
        throw new PathRefusedException("NotLabelable", shown, "is a " + st.typeName() + "; only regular files,"
            + " block devices and sockets are labelled for a VM");
      }
      return new TargetFile(path, fd, st);
    } catch (IOException | RuntimeException e) {
      FileCalls.close(fd);
      throw e;
    }
  }

  @Override
  public void close() throws IOException { FileCalls.close(fd); }
}
