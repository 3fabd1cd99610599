package io.virtnode.operator.devserver;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The most recent changes, kept so a watch can resume from a resourceVersion (like the apiserver's
 * watch cache). A resume from before the window is answered with 410 Gone by the caller.
 */
final class EventWindow {
  private final int capacity;
  private final ArrayDeque<WatchEvent> events = new ArrayDeque<>();
  /** A watch may resume from any resourceVersion at or after this one. */
  private long oldestResumable;

  EventWindow(int capacity, long startRv) {
    this.capacity = capacity;
    this.oldestResumable = startRv;
  }

  void add(WatchEvent event) {
    events.addLast(event);
    while (events.size() > capacity) {
      oldestResumable = events.removeFirst().rv();
    }
  }

  /** The events after {@code rv}, or empty when {@code rv} is older than the window. */
  Optional<List<WatchEvent>> after(long rv) {
    if (rv < oldestResumable) {
      return Optional.empty();
    }
    return Optional.of(events.stream().filter(e -> e.rv() > rv).toList());
  }

  long oldestResumable() {
    return oldestResumable;
  }
}
