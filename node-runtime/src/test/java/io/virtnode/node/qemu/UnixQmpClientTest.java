package io.virtnode.node.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnixQmpClientTest {
  private static final Duration CONNECT = Duration.ofSeconds(10);
  private static final Duration COMMAND = Duration.ofSeconds(10);
  private final ObjectMapper mapper = new ObjectMapper();
  private final AtomicBoolean alive = new AtomicBoolean(true);
  private Path dir;
  private Path sock;
  private FakeQmpServer server;
  private UnixQmpClient client;

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createTempDirectory("qmp");
    sock = dir.resolve("m.sock");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    Files.deleteIfExists(sock);
    Files.deleteIfExists(dir);
  }

  private UnixQmpClient connected() throws Exception {
    server = FakeQmpServer.start(sock);
    client = UnixQmpClient.connect(sock, alive::get, CONNECT, COMMAND);
    return client;
  }

  private CompletableFuture<JsonNode> async(String command) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return client.execute(command, null);
      } catch (QmpException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
  }

  private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
    try {
      future.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the command to fail");
  }

  @Test
  void connectReturnsOnceCapabilitiesAreNegotiated() throws Exception {
    connected();
    assertThat(client.isOpen()).isTrue();
    assertThat(server.queued()).isZero(); // qmp_capabilities was answered by the server, nothing else sent
  }

  @Test
  void commandReplyIsMatchedByIdAndArgumentsAreSent() throws Exception {
    connected();
    CompletableFuture<JsonNode> result = CompletableFuture.supplyAsync(() -> {
      try {
        return client.execute("device_del", mapper.createObjectNode().put("id", "disk0"));
      } catch (QmpException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    JsonNode command = server.nextCommand();
    assertThat(command.path("execute").asText()).isEqualTo("device_del");
    assertThat(command.path("arguments").path("id").asText()).isEqualTo("disk0");
    assertThat(command.path("id").asText()).startsWith("vn-");
    server.reply(command, "{\"status\": \"running\"}");
    assertThat(result.get(20, TimeUnit.SECONDS).path("status").asText()).isEqualTo("running");
  }

  @Test
  void errorReplyBecomesErrorReplyWithClass() throws Exception {
    connected();
    CompletableFuture<JsonNode> result = async("closefd");
    server.replyError(server.nextCommand(), "GenericError", "File descriptor named 'x' not found");
    Throwable failure = failureOf(result);
    assertThat(failure).isInstanceOf(QmpException.ErrorReply.class)
        .hasMessageContaining("closefd").hasMessageContaining("not found");
    assertThat(((QmpException.ErrorReply) failure).errorClass()).isEqualTo("GenericError");
  }

  @Test
  void unansweredCommandTimesOutAndALaterCommandStillWorks() throws Exception {
    connected();
    assertThatThrownBy(() -> client.execute("stuck", null, Duration.ofMillis(200)))
        .isInstanceOf(QmpException.Timeout.class).hasMessageContaining("stuck");
    JsonNode stuck = server.nextCommand();
    server.reply(stuck, "{\"late\": true}"); // discarded: nobody waits for it any more
    CompletableFuture<JsonNode> next = async("query-version");
    JsonNode command = server.nextCommand();
    assertThat(command.path("execute").asText()).isEqualTo("query-version");
    server.reply(command, "{\"ok\": 1}");
    assertThat(next.get(20, TimeUnit.SECONDS).path("ok").asInt()).isEqualTo(1);
    assertThat(client.isOpen()).isTrue();
  }

  @Test
  void severalCommandsMayBeInFlightAndRepliesArriveOutOfOrder() throws Exception {
    connected();
    CompletableFuture<JsonNode> first = async("first");
    JsonNode firstCommand = server.nextCommand();
    CompletableFuture<JsonNode> second = async("second");
    JsonNode secondCommand = server.nextCommand();
    server.reply(secondCommand, "\"two\"");
    server.reply(firstCommand, "\"one\"");
    assertThat(first.get(20, TimeUnit.SECONDS).asText()).isEqualTo("one");
    assertThat(second.get(20, TimeUnit.SECONDS).asText()).isEqualTo("two");
  }

  @Test
  void eventsInterleavedWithRepliesReachListenersInOrder() throws Exception {
    connected();
    List<QmpEvent> seen = new CopyOnWriteArrayList<>();
    AtomicInteger failing = new AtomicInteger();
    client.addEventListener(e -> {
      failing.incrementAndGet();
      throw new IllegalStateException("listener bug must not stop delivery");
    });
    client.addEventListener(seen::add);
    CompletableFuture<JsonNode> result = async("stop");
    JsonNode command = server.nextCommand();
    server.event("STOP", "{}");
    server.event("BLOCK_IO_ERROR", "{\"node-name\": \"disk0\"}");
    server.reply(command, "{}");
    server.send("{\"event\": \"RESUME\"}");
    assertThat(result.get(20, TimeUnit.SECONDS).isEmpty()).isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 3);
    assertThat(seen).extracting(QmpEvent::name).containsExactly("STOP", "BLOCK_IO_ERROR", "RESUME");
    assertThat(seen.get(1).data().path("node-name").asText()).isEqualTo("disk0");
    assertThat(seen.get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1700000000, 250_000));
    assertThat(seen.get(2).data().isObject()).isTrue();
    assertThat(failing).hasValue(3);
  }

  @Test
  void serverClosingFailsPendingCommandsAndRunsCloseListenersOnce() throws Exception {
    connected();
    AtomicInteger closes = new AtomicInteger();
    client.addCloseListener(closes::incrementAndGet);
    CompletableFuture<JsonNode> pending = async("query-status");
    server.nextCommand();
    server.dropConnection();
    assertThat(failureOf(pending)).isInstanceOf(QmpException.Closed.class).hasMessageContaining(sock.toString());
    await().atMost(Duration.ofSeconds(20)).until(() -> !client.isOpen());
    assertThat(closes).hasValue(1);
    assertThatThrownBy(() -> client.execute("query-status", null))
        .isInstanceOf(QmpException.Closed.class).hasMessageContaining("closed");
    client.close();
    AtomicInteger late = new AtomicInteger();
    client.addCloseListener(late::incrementAndGet);
    assertThat(closes).hasValue(1);
    assertThat(late).hasValue(1);
  }

  @Test
  void clientCloseFailsPendingCommandWithClosed() throws Exception {
    connected();
    CompletableFuture<JsonNode> pending = async("query-status");
    server.nextCommand();
    client.close();
    assertThat(failureOf(pending)).isInstanceOf(QmpException.Closed.class);
    assertThat(client.isOpen()).isFalse();
  }

  @Test
  void deadProcessFailsExecuteWithoutWriting() throws Exception {
    connected();
    alive.set(false);
    assertThatThrownBy(() -> client.execute("cont", null))
        .isInstanceOf(QmpException.Closed.class).hasMessageContaining("not alive").hasMessageContaining("cont");
    alive.set(true);
    CompletableFuture<JsonNode> next = async("query-status");
    JsonNode command = server.nextCommand();
    assertThat(command.path("execute").asText()).isEqualTo("query-status"); // "cont" never reached the socket
    server.reply(command, "{}");
    next.get(20, TimeUnit.SECONDS);
  }

  @Test
  void connectRetriesUntilTheSocketAppears() throws Exception {
    AtomicInteger probes = new AtomicInteger();
    CompletableFuture<UnixQmpClient> connecting = CompletableFuture.supplyAsync(() -> {
      try {
        return UnixQmpClient.connect(sock, () -> probes.incrementAndGet() > 0, Duration.ofSeconds(30), COMMAND);
      } catch (QmpException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> probes.get() >= 3); // failed attempts happened
    server = FakeQmpServer.start(sock);
    client = connecting.get(20, TimeUnit.SECONDS);
    assertThat(client.isOpen()).isTrue();
  }

  @Test
  void connectGivesUpWhenTheProcessDies() {
    AtomicInteger probes = new AtomicInteger();
    assertThatThrownBy(() -> UnixQmpClient.connect(sock, () -> probes.incrementAndGet() < 3, CONNECT, COMMAND))
        .isInstanceOf(QmpException.Closed.class)
        .hasMessageContaining("exited").hasMessageContaining(sock.toString());
  }

  @Test
  void connectTimesOutWhenNothingListens() {
    assertThatThrownBy(() -> UnixQmpClient.connect(sock, () -> true, Duration.ofMillis(300), COMMAND))
        .isInstanceOf(QmpException.Timeout.class).hasMessageContaining(sock.toString())
        .hasMessageContaining("ENOENT");
  }
}
