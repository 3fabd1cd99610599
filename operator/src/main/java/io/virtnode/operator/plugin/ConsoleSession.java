package io.virtnode.operator.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One attachment to a serial console's unix socket: bytes typed go to the guest until the escape byte
 * (Ctrl-], 0x1d) or the end of input; the guest's output is copied out until the other side closes or,
 * once input has ended, the guest falls silent (QEMU keeps a half-closed connection open).
 */
final class ConsoleSession {
  /** Ctrl-], as virsh console and telnet use it. */
  static final int ESCAPE = 0x1d;

  /** How a session ended. */
  enum End { Escaped, InputEnded, ClosedByPeer }

  private final Path socket;
  private final Duration quiet;

  /** {@code quiet}: after the end of input, the session ends once the guest has been silent this long. */
  ConsoleSession(Path socket, Duration quiet) {
    this.socket = socket;
    this.quiet = quiet;
  }

  /**
   * Connects and copies until the escape byte, the peer closing, or (after the end of input) the guest
   * falling silent; the input reader is a daemon thread that may outlive the session.
   */
  End attach(InputStream in, OutputStream out) throws IOException, InterruptedException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      CountDownLatch done = new CountDownLatch(1);
      AtomicReference<End> end = new AtomicReference<>(End.ClosedByPeer);
      AtomicLong lastActivity = new AtomicLong(System.nanoTime());
      Thread input = new Thread(() -> {
        End result = typeInto(channel, in);
        lastActivity.set(System.nanoTime());
        if (result != End.ClosedByPeer) end.set(result);
        if (result == End.Escaped) done.countDown();
      }, "console-input");
      Thread output = new Thread(() -> {
        copyOut(channel, out, lastActivity);
        done.countDown();
      }, "console-output");
      input.setDaemon(true);
      output.setDaemon(true);
      input.start();
      output.start();
      while (!done.await(quiet.toMillis(), TimeUnit.MILLISECONDS)) {
        if (end.get() == End.InputEnded && System.nanoTime() - lastActivity.get() >= quiet.toNanos()) break;
      }
      return end.get();
    }
  }

  private static End typeInto(SocketChannel channel, InputStream in) {
    byte[] buffer = new byte[1024];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        int length = n;
        for (int i = 0; i < n; i++) {
          if ((buffer[i] & 0xff) == ESCAPE) {
            length = i;
            break;
          }
        }
        write(channel, buffer, length);
        if (length < n) return End.Escaped;
      }
      channel.shutdownOutput();
      return End.InputEnded;
    } catch (IOException e) {
      return End.ClosedByPeer;
    }
  }

  private static void write(SocketChannel channel, byte[] bytes, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
    while (buffer.hasRemaining()) channel.write(buffer);
  }

  private static void copyOut(SocketChannel channel, OutputStream out, AtomicLong lastActivity) {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    try {
      while (channel.read(buffer) >= 0) {
        lastActivity.set(System.nanoTime());
        out.write(buffer.array(), 0, buffer.position());
        out.flush();
        buffer.clear();
      }
    } catch (ClosedChannelException e) {
      // closed by the escape key
    } catch (IOException e) {
      // the peer went away
    }
  }
}
