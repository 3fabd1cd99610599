package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every object by key ({@code group/plural/namespace/name}), in memory and written through to the
 * {@link SqliteLog}; one global resourceVersion counter; changes fanned out to watchers in commit
 * order. Writers that read, compute and write hold this object's monitor for the whole step.
 */
final class ObjectStore implements AutoCloseable {
  /** Receives changes under the store's lock, in order; must not block. */
  interface Watcher {
    String prefix();

    void onEvent(WatchEvent event);
  }

  /** Objects under a prefix at one resourceVersion. */
  record Snapshot(List<ObjectNode> items, long resourceVersion) {
  }

  private final SqliteLog log;
  private final TreeMap<String, ObjectNode> objects = new TreeMap<>();
  private final EventWindow window;
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
  private long resourceVersion;

  ObjectStore(SqliteLog log, int windowSize) {
    this.log = log;
    this.resourceVersion = log.resourceVersion();
    log.forEach((key, json) -> {
      try {
        objects.put(key, (ObjectNode) ApplyPatches.JSON.readTree(json));
      } catch (IOException e) {
        throw new UncheckedIOException("stored object " + key + " is not JSON", e);
      }
    });
    this.window = new EventWindow(windowSize, resourceVersion);
  }

  synchronized long resourceVersion() {
    return resourceVersion;
  }

  /** The stored object; callers must not modify it (copy first). */
  synchronized Optional<ObjectNode> get(String key) {
    return Optional.ofNullable(objects.get(key));
  }

  synchronized Snapshot list(String prefix) {
    return new Snapshot(new ArrayList<>(range(prefix).values()), resourceVersion);
  }

  /** A copy of the whole key space (small in a dev server). */
  synchronized Map<String, ObjectNode> all() {
    return new TreeMap<>(objects);
  }

  private Map<String, ObjectNode> range(String prefix) {
    return objects.subMap(prefix, prefix + Character.MAX_VALUE);
  }

  /** Stores {@code object} under a new resourceVersion (set into it) and tells the watchers. */
  synchronized ObjectNode put(String key, ObjectNode object) {
    long rv = resourceVersion + 1;
    object.with("metadata").put("resourceVersion", Long.toString(rv));
    log.write(rv, key, object.toString());
    resourceVersion = rv;
    ObjectNode previous = objects.put(key, object);
    publish(new WatchEvent(previous == null ? "ADDED" : "MODIFIED", key, rv, object, previous));
    return object;
  }

  /** Removes the object; its DELETED event carries the deletion's resourceVersion. */
  synchronized Optional<ObjectNode> remove(String key) {
    ObjectNode previous = objects.get(key);
    if (previous == null) {
      return Optional.empty();
    }
    long rv = resourceVersion + 1;
    log.write(rv, key, null);
    resourceVersion = rv;
    objects.remove(key);
    ObjectNode deleted = previous.deepCopy();
    deleted.with("metadata").put("resourceVersion", Long.toString(rv));
    publish(new WatchEvent("DELETED", key, rv, deleted, previous));
    return Optional.of(deleted);
  }

  private void publish(WatchEvent event) {
    window.add(event);
    for (Watcher w : watchers) {
      if (event.key().startsWith(w.prefix())) {
        try {
          w.onEvent(event);
        } catch (RuntimeException e) { // e.g. its connection closed meanwhile: that watcher ends, the write stands
          watchers.remove(w);
        }
      }
    }
  }

  /**
   * Registers a watcher and returns what it must see first: the current objects as ADDED events when
   * {@code fromRv} is empty, else the retained events after it; empty when that is older than the window or
   * newer than anything this server has written.
   */
  synchronized Optional<List<WatchEvent>> watch(Watcher watcher, Optional<Long> fromRv) {
    List<WatchEvent> first;
    if (fromRv.isEmpty()) {
      first = range(watcher.prefix()).entrySet().stream()
          .map(e -> new WatchEvent("ADDED", e.getKey(), resourceVersion, e.getValue(), null)).toList();
    } else if (fromRv.get() > resourceVersion) {
      return Optional.empty(); // ahead of this server (its state was lost): 410 makes the client list again
    } else {
      Optional<List<WatchEvent>> after = window.after(fromRv.get());
      if (after.isEmpty()) {
        return Optional.empty();
      }
      first = after.get().stream().filter(e -> e.key().startsWith(watcher.prefix())).toList();
    }
    first.forEach(watcher::onEvent);
    watchers.add(watcher);
    return Optional.of(first);
  }

  void unwatch(Watcher watcher) {
    watchers.remove(watcher);
  }

  /** Runs {@code action} with the current resourceVersion, ordered with respect to events. */
  synchronized void atCurrentVersion(java.util.function.LongConsumer action) {
    action.accept(resourceVersion);
  }

  long oldestResumable() {
    synchronized (this) {
      return window.oldestResumable();
    }
  }

  @Override
  public void close() {
    log.close();
  }
}
