package io.virtnode.node.nativeio;

import java.io.IOException;
import java.nio.file.Path;

/** Raw file descriptors to hand to QEMU: open a file, close an fd. */
public final class FileDescriptors {
  private FileDescriptors() {}

  /** Opens (creating with mode 0600 if missing) a file read-write with O_CLOEXEC; returns the raw fd. */
  public static int openReadWrite(Path path) throws IOException {
    Native.LibC libc = Native.libc();
    String name = path.toString();
    while (true) {
      int fd = libc.open(name, Native.O_RDWR | Native.O_CREAT | Native.O_CLOEXEC, 0600);
      if (fd >= 0) {
        return fd;
      }
      int errno = Native.errno();
      if (errno != NativeException.EINTR) {
        throw Native.failure("open", name, errno);
      }
    }
  }

  /** Closes a raw fd; EINTR is not retried (on Linux the fd is released anyway). */
  public static void close(int fd) throws IOException {
    if (Native.libc().close(fd) < 0) {
      throw Native.failure("close", "fd " + fd);
    }
  }
}
