package io.virtnode.node.qemu;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every QMP event of a session, parsed into a typed {@link Event}, to the listeners of its type and
 * to pending {@link EventWait}s. Runs on the reader thread: listeners must not block or run commands.
 */
public final class QmpEvents implements Consumer<QmpEvent> {
  private static final Logger log = LoggerFactory.getLogger(QmpEvents.class);

  /** A typed QMP event; {@link #raw} keeps the event as QEMU sent it. */
  public sealed interface Event permits DeviceDeleted, BlockJobReady, BlockJobCompleted, Migration,
      BlockIoError, Stop, Resume, Shutdown, Other {
    QmpEvent raw();

    default Instant timestamp() { return raw().timestamp(); }
  }

  /** DEVICE_DELETED: device is the id given at device_add (may be absent for id-less devices). */
  public record DeviceDeleted(String device, String path, QmpEvent raw) implements Event {}

  /** BLOCK_JOB_READY: a mirror job reached the point where it can be completed. */
  public record BlockJobReady(String type, String device, long len, long offset, QmpEvent raw) implements Event {}

  /** BLOCK_JOB_COMPLETED: error is null on success. */
  public record BlockJobCompleted(String type, String device, long len, long offset, String error, QmpEvent raw)
      implements Event {}

  /** MIGRATION: status as query-migrate names it (setup, active, completed, failed, ...). */
  public record Migration(String status, QmpEvent raw) implements Event {}

  /** STOP: the guest's CPUs stopped. */
  public record Stop(QmpEvent raw) implements Event {}

  /** RESUME: the guest's CPUs run again. */
  public record Resume(QmpEvent raw) implements Event {}

  /** SHUTDOWN: guest says whether the guest asked for it; reason as QEMU names it. */
  public record Shutdown(boolean guest, String reason, QmpEvent raw) implements Event {}

  /** Any event this router has no type for. */
  public record Other(QmpEvent raw) implements Event {}

  private final Map<Class<? extends Event>, List<Consumer<? super Event>>> listeners = new ConcurrentHashMap<>();
  private final List<EventWait<?>> waits = new CopyOnWriteArrayList<>();
  private volatile boolean ended;

  /** Parses a raw event into its typed form. */
  public static Event parse(QmpEvent e) {
    var d = e.data();
    return switch (e.name()) {
      case "DEVICE_DELETED" -> new DeviceDeleted(text(d, "device"), text(d, "path"), e);
      case "BLOCK_JOB_READY" -> new BlockJobReady(text(d, "type"), text(d, "device"), d.path("len").asLong(),
          d.path("offset").asLong(), e);
      case "BLOCK_JOB_COMPLETED" -> new BlockJobCompleted(text(d, "type"), text(d, "device"),
          d.path("len").asLong(), d.path("offset").asLong(), text(d, "error"), e);
      case "MIGRATION" -> new Migration(text(d, "status"), e);
      case "BLOCK_IO_ERROR" -> BlockIoError.of(e);
      case "STOP" -> new Stop(e);
      case "RESUME" -> new Resume(e);
      case "SHUTDOWN" -> new Shutdown(d.path("guest").asBoolean(), text(d, "reason"), e);
      default -> new Other(e);
    };
  }

  static String text(com.fasterxml.jackson.databind.JsonNode data, String field) {
    var v = data.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** Calls listener with every event of the given type (use Event.class for all). */
  @SuppressWarnings("unchecked")
  public <E extends Event> void on(Class<E> type, Consumer<? super E> listener) {
    listeners.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(e -> listener.accept((E) e));
  }

  /** A wait for the first event of type matching filter from now on; close it when no longer needed. */
  public <E extends Event> EventWait<E> expect(Class<E> type, Predicate<? super E> filter) {
    EventWait<E> wait = new EventWait<>(type, filter, waits::remove);
    waits.add(wait);
    if (ended) {
      wait.sessionEnded();
    }
    return wait;
  }

  @Override
  public void accept(QmpEvent raw) {
    Event event = parse(raw);
    for (EventWait<?> wait : waits) {
      wait.offer(event);
    }
    listeners.forEach((type, list) -> {
      if (type.isInstance(event)) {
        for (Consumer<? super Event> l : list) {
          try {
            l.accept(event);
          } catch (RuntimeException ex) {
            log.warn("QMP event listener for {} failed", raw.name(), ex);
          }
        }
      }
    });
  }

  /** Fails every pending wait: no event can arrive once the session ended. */
  void sessionEnded() {
    ended = true;
    waits.forEach(EventWait::sessionEnded);
  }
}
