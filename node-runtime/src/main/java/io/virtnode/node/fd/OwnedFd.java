package io.virtnode.node.fd;

import io.virtnode.node.nativeio.FileCalls;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's own copy of a file descriptor, closed exactly once; what says what it is (for logs). */
public final class OwnedFd implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OwnedFd.class);
  private final int fd;
  private final String what;
  private final AtomicBoolean closed = new AtomicBoolean();

  OwnedFd(int fd, String what) {
    if (fd < 0) {
      throw new IllegalArgumentException("not a descriptor: " + fd + " (" + what + ")");
    }
    this.fd = fd;
    this.what = what;
  }

  /** The raw descriptor number; invalid once closed. */
  public int fd() {
    if (closed.get()) {
      throw new IllegalStateException(what + ": fd " + fd + " is closed");
    }
    return fd;
  }

  /** What the descriptor is, e.g. the file's path. */
  public String what() { return what; }

  public boolean isOpen() { return !closed.get(); }

  /** Closes the agent's copy; QEMU keeps any copy it was given. Errors are logged. */
  @Override public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        FileCalls.close(fd);
      } catch (IOException e) {
        LOG.warn("closing fd {} ({}): {}", fd, what, e.getMessage());
      }
    }
  }

  @Override public String toString() { return "fd " + fd + " (" + what + ")"; }
}
