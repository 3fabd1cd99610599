package io.virtnode.node.console;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a unix socket that QEMU's char device connects to (as a client) and drains everything the guest
 * writes into a {@link RotatingLog}: guest output reaches disk only through the agent, capped. One
 * connection at a time (QEMU reconnects after an agent restart); the agent never writes back to the guest.
 */
public final class ConsoleDrain implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleDrain.class);
  private final Path socket;
  private final ServerSocketChannel server;
  private final RotatingLog log;
  private final Thread thread;
  private final CountDownLatch connected = new CountDownLatch(1);
  private volatile long drained;

  private ConsoleDrain(Path socket, ServerSocketChannel server, RotatingLog log) {
    this.socket = socket;
    this.server = server;
    this.log = log;
    this.thread = new Thread(this::run, "console-drain " + socket.getFileName());
    thread.setDaemon(true);
  }

  /**
   * Binds socket (nothing may exist there), lets the QEMU user connect (owner uid:gid, mode 0600) and drains
   * into log from now on.
   */
  public static ConsoleDrain start(Path socket, RotatingLog log, int qemuUid, int qemuGid) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setAttribute(socket, "unix:gid", qemuGid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(socket, "unix:uid", qemuUid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    ConsoleDrain d = new ConsoleDrain(socket, server, log);
    d.thread.start();
    return d;
  }

  /** The socket QEMU connects to. */
  public Path socket() { return socket; }

  /** Waits up to timeout for QEMU's first connection; true once it came. */
  public boolean awaitConnection(Duration timeout) throws InterruptedException {
    return connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Bytes drained so far (all of them, also those rotated out). */
  public long drained() { return drained; }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
    while (server.isOpen()) {
      try (SocketChannel guest = server.accept()) {
        connected.countDown();
        while (true) {
          buf.clear();
          int n = guest.read(buf);
          if (n < 0) break;
          buf.flip();
          synchronized (log) {
            log.write(buf);
          }
          drained += n;
        }
      } catch (ClosedChannelException e) {
        return; // closed by close()
      } catch (IOException e) {
        if (!server.isOpen()) return;
        LOG.warn("console {}: {}", socket, e.getMessage());
      }
    }
  }

  /** Stops serving, waits for the drain to end, closes the log and removes the socket. */
  @Override
  public void close() throws IOException {
    server.close();
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (log) {
      log.close();
    }
    Files.deleteIfExists(socket);
  }
}
