package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Events age out as in the apiserver (its --event-ttl, default 1 h): after their last write plus the TTL. */
final class EventExpiry {
  private final ObjectStore store;
  private final Duration ttl;
  private final Clock clock;

  EventExpiry(ObjectStore store, Duration ttl, Clock clock) {
    this.store = store;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Removes every expired event; returns how many. */
  int sweep() {
    Instant cutoff = clock.instant().minus(ttl);
    int removed = 0;
    synchronized (store) {
      for (ResourceType type : ResourceTypes.BUILTINS) {
        if (!type.isEvent()) {
          continue;
        }
        List<ObjectNode> events = store.list(type.keyPrefix()).items();
        for (ObjectNode event : events) {
          if (lastWrite(event).isBefore(cutoff)) {
            JsonNode m = event.path("metadata");
            store.remove(type.key(m.path("namespace").asText(), m.path("name").asText()));
            removed++;
          }
        }
      }
    }
    return removed;
  }

  private static Instant lastWrite(JsonNode event) {
    Instant latest = Instant.EPOCH;
    for (String field : new String[] {"lastTimestamp", "eventTime", "firstTimestamp"}) {
      latest = max(latest, event.path(field).asText(""));
    }
    latest = max(latest, event.path("series").path("lastObservedTime").asText(""));
    return max(latest, event.path("metadata").path("creationTimestamp").asText(""));
  }

  private static Instant max(Instant a, String timestamp) {
    try {
      Instant b = timestamp.isEmpty() ? Instant.EPOCH : Instant.parse(timestamp);
      return b.isAfter(a) ? b : a;
    } catch (DateTimeParseException e) {
      return a;
    }
  }
}
