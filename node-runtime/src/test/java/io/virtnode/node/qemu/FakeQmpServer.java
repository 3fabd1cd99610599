package io.virtnode.node.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A scripted QMP server on a unix socket: greets, answers qmp_capabilities, queues every other command. */
final class FakeQmpServer implements AutoCloseable {
  static final String GREETING =
      "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"\"},"
          + " \"capabilities\": [\"oob\"]}}";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ServerSocketChannel server;
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile SocketChannel connection;

  private FakeQmpServer(Path path) throws IOException {
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    thread = new Thread(this::serve, "fake-qmp " + path);
    thread.setDaemon(true);
    thread.start();
  }

  static FakeQmpServer start(Path path) throws IOException { return new FakeQmpServer(path); }

  private void serve() {
    try {
      connection = server.accept();
      send(GREETING);
      MappingIterator<JsonNode> commands =
          MAPPER.readerFor(JsonNode.class).readValues(Channels.newInputStream(connection));
      while (commands.hasNextValue()) {
        JsonNode command = commands.nextValue();
        if (command.path("execute").asText().equals("qmp_capabilities")) {
          reply(command, "{}");
        } else {
          received.add(command);
        }
      }
    } catch (IOException e) {
      // connection dropped by the test or the client
    }
  }

  /** The next command the client sent (other than qmp_capabilities); fails after 10 s. */
  JsonNode nextCommand() throws InterruptedException {
    JsonNode command = received.poll(10, TimeUnit.SECONDS);
    if (command == null) {
      throw new AssertionError("fake QMP server received no command within 10 s");
    }
    return command;
  }

  /** Commands received and not yet taken. */
  int queued() { return received.size(); }

  void reply(JsonNode command, String returnJson) throws IOException {
    send("{\"return\": " + returnJson + ", \"id\": " + command.get("id") + "}");
  }

  void replyError(JsonNode command, String errorClass, String desc) throws IOException {
    send("{\"error\": {\"class\": \"" + errorClass + "\", \"desc\": \"" + desc + "\"}, \"id\": "
        + command.get("id") + "}");
  }

  void event(String name, String dataJson) throws IOException {
    send("{\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 250}, \"event\": \"" + name
        + "\", \"data\": " + dataJson + "}");
  }

  synchronized void send(String json) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap((json + "\r\n").getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      connection.write(bytes);
    }
  }

  /** Closes the client connection, as QEMU does when it exits. */
  void dropConnection() throws IOException { connection.close(); }

  @Override
  public void close() throws IOException {
    server.close();
    SocketChannel c = connection;
    if (c != null) {
      c.close();
    }
  }
}
