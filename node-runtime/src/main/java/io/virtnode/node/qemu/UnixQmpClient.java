package io.virtnode.node.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.node.nativeio.UnixSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link QmpClient} over QEMU's QMP unix socket: one reader thread, replies matched by id, fds via SCM_RIGHTS. */
public final class UnixQmpClient implements QmpClient {
  private static final Logger log = LoggerFactory.getLogger(UnixQmpClient.class);
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path path;
  private final UnixSocket socket;
  private final BooleanSupplier processAlive;
  private final Duration defaultTimeout;
  private final AtomicLong ids = new AtomicLong();
  private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<Consumer<QmpEvent>> eventListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
  private final Object writeLock = new Object();
  private final Object stateLock = new Object();
  private final CompletableFuture<JsonNode> greeting = new CompletableFuture<>();
  private final Thread reader;
  private volatile boolean open = true;

  private UnixQmpClient(Path path, UnixSocket socket, BooleanSupplier processAlive, Duration defaultTimeout) {
    this.path = path;
    this.socket = socket;
    this.processAlive = processAlive;
    this.defaultTimeout = defaultTimeout;
    this.reader = new Thread(new QmpReader(socket.inputStream(), this), "qmp-reader " + path);
    reader.setDaemon(true);
  }

  /**
   * Connects to QEMU's QMP socket, retrying until it accepts, then negotiates capabilities. Returns only once
   * {@code qmp_capabilities} is answered (QMP readiness). Gives up with {@link QmpException.Closed} when
   * processAlive turns false, and with {@link QmpException.Timeout} after connectTimeout.
   */
  public static UnixQmpClient connect(Path socket, BooleanSupplier processAlive, Duration connectTimeout,
      Duration defaultCommandTimeout) throws QmpException {
    long deadline = System.nanoTime() + connectTimeout.toNanos();
    UnixSocket connected = SocketConnector.await(socket, processAlive, connectTimeout);
    UnixQmpClient client = new UnixQmpClient(socket, connected, processAlive, defaultCommandTimeout);
    client.reader.start();
    try {
      client.awaitGreeting(remaining(deadline));
      client.execute("qmp_capabilities", null, remaining(deadline));
      log.debug("QMP {} ready", socket);
      return client;
    } catch (QmpException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private void awaitGreeting(Duration timeout) throws QmpException {
    try {
      JsonNode hello = greeting.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      log.debug("QMP {} greeting {}", path, hello);
    } catch (TimeoutException e) {
      throw new QmpException.Timeout("QMP greeting on " + path, timeout);
    } catch (ExecutionException e) {
      throw asQmpException("QMP greeting on " + path, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QmpException("interrupted waiting for the QMP greeting on " + path, e);
    }
  }

  @Override
  public java.util.OptionalLong peerPid() {
    try {
      return java.util.OptionalLong.of(socket.peerPid());
    } catch (IOException e) {
      return java.util.OptionalLong.empty();
    }
  }

  @Override
  public JsonNode execute(String command, ObjectNode arguments) throws QmpException {
    return execute(command, arguments, defaultTimeout);
  }

  @Override
  public JsonNode execute(String command, ObjectNode arguments, Duration timeout) throws QmpException {
    return run(command, arguments, timeout, -1);
  }

  @Override
  public JsonNode executeWithFd(String command, ObjectNode arguments, int fd, Duration timeout)
      throws QmpException {
    if (fd < 0) {
      throw new IllegalArgumentException(command + ": no fd to send (" + fd + ")");
    }
    return run(command, arguments, timeout, fd);
  }

  @Override
  public void sendFd(String fdName, int fd) throws QmpException {
    run("getfd", MAPPER.createObjectNode().put("fdname", fdName), defaultTimeout, fd);
  }

  @Override
  public int addFd(int fd, String opaque) throws QmpException {
    ObjectNode args = MAPPER.createObjectNode();
    if (opaque != null) {
      args.put("opaque", opaque);
    }
    JsonNode reply = run("add-fd", args, defaultTimeout, fd);
    JsonNode fdset = reply == null ? null : reply.get("fdset-id");
    if (fdset == null || !fdset.canConvertToInt()) {
      throw new QmpException("add-fd on " + path + ": reply has no fdset-id: " + reply);
    }
    return fdset.asInt();
  }

  private JsonNode run(String command, ObjectNode arguments, Duration timeout, int fd) throws QmpException {
    if (Thread.currentThread() == reader) {
      throw new IllegalStateException(command + ": QMP commands cannot run on the reader thread (listener)");
    }
    if (!processAlive.getAsBoolean()) {
      throw new QmpException.Closed(command + ": QEMU process behind " + path + " is not alive");
    }
    if (!open) {
      throw new QmpException.Closed(command + ": QMP session on " + path + " is closed");
    }
    String id = "vn-" + ids.incrementAndGet();
    ObjectNode message = MAPPER.createObjectNode().put("execute", command);
    if (arguments != null) {
      message.set("arguments", arguments);
    }
    message.put("id", id);
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    try {
      if (!open) { // closed between the check and put: the close sweep may have missed this entry
        throw new QmpException.Closed(command + ": QMP session on " + path + " is closed");
      }
      send(message, fd);
      JsonNode answer = reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      JsonNode error = answer.get("error");
      if (error != null) {
        throw new QmpException.ErrorReply(command, error.path("class").asText(), error.path("desc").asText());
      }
      return answer.get("return");
    } catch (TimeoutException e) {
      throw new QmpException.Timeout(command, timeout);
    } catch (ExecutionException e) {
      throw asQmpException(command, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QmpException(command + ": interrupted waiting for the reply on " + path, e);
    } finally {
      pending.remove(id); // a late reply then finds no entry and is discarded
    }
  }

  private void send(ObjectNode message, int fd) throws QmpException {
    String command = message.get("execute").asText();
    try {
      byte[] bytes = (MAPPER.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
      synchronized (writeLock) {
        log.debug("QMP {} -> {}{}", path, message, fd >= 0 ? " + fd " + fd : "");
        if (fd >= 0) {
          socket.sendWithFd(bytes, fd);
        } else {
          socket.write(bytes);
        }
      }
    } catch (IOException e) {
      throw new QmpException.Closed(command + ": writing to QMP socket " + path + " failed: " + e.getMessage(), e);
    }
  }

  private static QmpException asQmpException(String what, Throwable cause) {
    return cause instanceof QmpException q ? q : new QmpException(what + " failed: " + cause, cause);
  }

  @Override
  public void addEventListener(Consumer<QmpEvent> listener) { eventListeners.add(listener); }

  @Override
  public void addCloseListener(Runnable listener) {
    synchronized (stateLock) {
      if (open) {
        closeListeners.add(listener);
        return;
      }
    }
    runSafely(listener); // already closed: run now, still exactly once
  }

  @Override
  public boolean isOpen() { return open; }

  @Override
  public void close() {
    sessionEnded("closed by the client", null);
    socket.close();
  }

  /** The QMP socket path this client is connected to. */
  public Path path() { return path; }

  // --- called by QmpReader on the reader thread ---

  void onGreeting(JsonNode hello) { greeting.complete(hello); }

  void onReply(JsonNode reply) {
    JsonNode id = reply.get("id");
    CompletableFuture<JsonNode> waiter = id == null ? null : pending.remove(id.asText());
    if (waiter == null) {
      log.debug("QMP {} discarding reply nobody waits for (late or unknown id): {}", path, reply);
      return;
    }
    waiter.complete(reply);
  }

  void onEvent(QmpEvent event) {
    for (Consumer<QmpEvent> listener : eventListeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.warn("QMP {} event listener failed on {}", path, event.name(), e);
      }
    }
  }

  /** Ends the session once: fails everything pending and runs close listeners. */
  void sessionEnded(String reason, Throwable cause) {
    synchronized (stateLock) {
      if (!open) {
        return;
      }
      open = false;
    }
    log.debug("QMP {} session ended: {}", path, reason, cause);
    QmpException closed = new QmpException.Closed("QMP session on " + path + " ended: " + reason, cause);
    greeting.completeExceptionally(closed);
    pending.values().forEach(f -> f.completeExceptionally(closed));
    closeListeners.forEach(UnixQmpClient::runSafely);
    closeListeners.clear();
    socket.close();
  }

  private static void runSafely(Runnable listener) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      log.warn("QMP close listener failed", e);
    }
  }
}
