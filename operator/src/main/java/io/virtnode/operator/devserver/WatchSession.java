package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * One watch: turns store changes into watch events for one client, as the apiserver does: an object
 * entering the selection is ADDED, one leaving it DELETED; BOOKMARKs on request; objects rendered as
 * Tables when the client asked for them; an ERROR event with a Status (e.g. 410 Expired) ends it.
 */
final class WatchSession implements ObjectStore.Watcher {
  /** Where events go: a chunked HTTP response or a websocket. Non-blocking. */
  interface Sink {
    void send(String event);

    void close();
  }

  private final ResourceType type;
  private final String prefix;
  private final Predicate<JsonNode> matches;
  private final String tableIncludeObject;
  private final Sink sink;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();
  private Runnable onClose = () -> { };

  WatchSession(ResourceType type, String prefix, Predicate<JsonNode> matches, String tableIncludeObject, Sink sink,
      Clock clock) {
    this.type = type;
    this.prefix = prefix;
    this.matches = matches;
    this.tableIncludeObject = tableIncludeObject;
    this.sink = sink;
    this.clock = clock;
  }

  @Override
  public String prefix() {
    return prefix;
  }

  @Override
  public void onEvent(WatchEvent event) {
    boolean now = !event.type().equals("DELETED") && matches.test(event.object());
    boolean before = event.previous() != null && matches.test(event.previous());
    String outgoing = switch (event.type()) {
      case "DELETED" -> before ? "DELETED" : null;
      case "ADDED" -> now ? "ADDED" : null;
      default -> now ? (before ? "MODIFIED" : "ADDED") : before ? "DELETED" : null;
    };
    if (outgoing != null) {
      send(outgoing, render(event.object()));
    }
  }

  private JsonNode render(ObjectNode object) {
    return tableIncludeObject == null ? object
        : TableRenderer.render(type, object, tableIncludeObject, clock.instant());
  }

  /** A BOOKMARK at {@code rv}; {@code initialEventsEnd} marks the end of the initial events. */
  void bookmark(long rv, boolean initialEventsEnd) {
    ObjectNode object = ApplyPatches.JSON.createObjectNode().put("kind", type.kind())
        .put("apiVersion", type.groupVersion());
    ObjectNode metadata = object.putObject("metadata").put("resourceVersion", Long.toString(rv));
    if (initialEventsEnd) {
      metadata.putObject("annotations").put("k8s.io/initial-events-end", "true");
    }
    send("BOOKMARK", object);
  }

  /** Ends the watch with an ERROR event carrying {@code status}. */
  void fail(ObjectNode status) {
    send("ERROR", status);
    close();
  }

  private void send(String eventType, JsonNode object) {
    if (closed.get()) {
      return;
    }
    ObjectNode event = ApplyPatches.JSON.createObjectNode().put("type", eventType);
    event.set("object", object);
    sink.send(event.toString());
  }

  void onClose(Runnable action) {
    this.onClose = action;
  }

  void close() {
    if (closed.compareAndSet(false, true)) {
      onClose.run();
      sink.close();
    }
  }
}
