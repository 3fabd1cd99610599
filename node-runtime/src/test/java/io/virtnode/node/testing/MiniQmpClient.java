package io.virtnode.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.node.qemu.QmpClient;
import io.virtnode.node.qemu.QmpEvent;
import io.virtnode.node.qemu.QmpException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Test-only minimal QMP client over a JDK unix socket: line-based JSON, events ignored, no fd passing. */
public final class MiniQmpClient implements QmpClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode EOF = JSON.createObjectNode().put("eof", true);

  private final SocketChannel channel;
  private final BooleanSupplier alive;
  private final Duration defaultTimeout;
  private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
  private volatile boolean open = true;

  private MiniQmpClient(SocketChannel channel, BooleanSupplier alive, Duration defaultTimeout) {
    this.channel = channel;
    this.alive = alive;
    this.defaultTimeout = defaultTimeout;
  }

  /** Connects, reads the greeting and negotiates capabilities (readiness = the qmp_capabilities reply). */
  public static MiniQmpClient connect(Path socket, BooleanSupplier alive, Duration timeout) throws QmpException {
    try {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
      MiniQmpClient client = new MiniQmpClient(channel, alive, timeout);
      Thread reader = new Thread(client::readLoop, "mini-qmp-reader");
      reader.setDaemon(true);
      reader.start();
      JsonNode greeting = client.replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (greeting == null || !greeting.has("QMP")) {
        client.close();
        throw new QmpException("no QMP greeting on " + socket + ": " + greeting);
      }
      client.execute("qmp_capabilities", null);
      return client;
    } catch (IOException e) {
      throw new QmpException.Closed("cannot connect to " + socket, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QmpException("interrupted", e);
    }
  }

  private void readLoop() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode node = JSON.readTree(line);
        if (!node.has("event")) {
          replies.add(node);
        }
      }
    } catch (IOException e) {
      // treated as EOF
    } finally {
      open = false;
      replies.add(EOF);
    }
  }

  @Override
  public JsonNode execute(String command, ObjectNode arguments) throws QmpException {
    return execute(command, arguments, defaultTimeout);
  }

  @Override
  public synchronized JsonNode execute(String command, ObjectNode arguments, Duration timeout) throws QmpException {
    if (!open || !alive.getAsBoolean()) {
      throw new QmpException.Closed(command + ": monitor closed or QEMU not running");
    }
    ObjectNode message = JSON.createObjectNode().put("execute", command);
    if (arguments != null && !arguments.isEmpty()) {
      message.set("arguments", arguments);
    }
    try {
      ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      JsonNode reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (reply == null) {
        throw new QmpException.Timeout(command, timeout);
      }
      if (reply == EOF) {
        replies.add(EOF);
        throw new QmpException.Closed(command + ": monitor closed");
      }
      if (reply.has("error")) {
        throw new QmpException.ErrorReply(command, reply.path("error").path("class").asText(),
            reply.path("error").path("desc").asText());
      }
      return reply.get("return");
    } catch (IOException e) {
      throw new QmpException.Closed(command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QmpException(command + ": interrupted", e);
    }
  }

  @Override
  public void sendFd(String fdName, int fd) { throw new UnsupportedOperationException("test client"); }

  @Override
  public int addFd(int fd, String opaque) { throw new UnsupportedOperationException("test client"); }

  @Override
  public void addEventListener(Consumer<QmpEvent> listener) { throw new UnsupportedOperationException(); }

  @Override
  public void addCloseListener(Runnable listener) { throw new UnsupportedOperationException(); }

  @Override
  public boolean isOpen() { return open; }

  @Override
  public void close() {
    open = false;
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
