package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Starts watches with the apiserver's resourceVersion semantics: "" or "0" begins with synthetic ADDED
 * events for what exists, any other value resumes after it (410 Expired when older than the retained
 * window); bookmarks when {@code allowWatchBookmarks=true}; the stream ends after {@code timeoutSeconds}.
 */
final class Watches {
  private final ObjectStore store;
  private final Vertx vertx;
  private final Duration bookmarkInterval;
  private final Clock clock;

  Watches(ObjectStore store, Vertx vertx, Duration bookmarkInterval, Clock clock) {
    this.store = store;
    this.vertx = vertx;
    this.bookmarkInterval = bookmarkInterval;
    this.clock = clock;
  }

  /** Starts the watch; throws {@link ApiException} before sending anything when the request is bad. */
  WatchSession start(ResourceType type, ApiPath path, ApiRequest request, WatchSession.Sink sink) {
    Predicate<JsonNode> matches = Selectors.labels(request.param("labelSelector"))
        .and(FieldSelectors.parse(type, request.param("fieldSelector")));
    if (path.name() != null) {
      String name = path.name();
      matches = matches.and(o -> name.equals(o.path("metadata").path("name").asText()));
    }
    Optional<Long> from = fromResourceVersion(request.param("resourceVersion"));
    boolean table = type.hasTable() && TableRenderer.wantsTable(request.header("Accept"));
    String include = table ? Optional.ofNullable(request.param("includeObject")).orElse("PartialObjectMetadata") : null;
    String prefix = type.keyPrefix() + (type.namespaced() && path.namespace() != null ? path.namespace() + "/" : "");
    WatchSession session = new WatchSession(type, prefix, matches, include, sink, clock);
    boolean bookmarks = "true".equals(request.param("allowWatchBookmarks"));
    long timer = bookmarks ? vertx.setPeriodic(bookmarkInterval.toMillis(),
        id -> store.atCurrentVersion(rv -> session.bookmark(rv, false))) : -1;
    long timeout = timeoutOf(request).map(t -> vertx.setTimer(t.toMillis(), id -> session.close())).orElse(-1L);
    session.onClose(() -> {
      store.unwatch(session);
      vertx.cancelTimer(timer);
      vertx.cancelTimer(timeout);
    });
    synchronized (store) {
      if (store.watch(session, from).isEmpty()) {
        session.fail(Responses.status(410, "Expired", "too old resource version: " + from.orElse(0L) + " ("
            + store.oldestResumable() + ")"));
      } else if (from.isEmpty() && bookmarks && "true".equals(request.param("sendInitialEvents"))) {
        session.bookmark(store.resourceVersion(), true);
      }
    }
    return session;
  }

  private static Optional<Long> fromResourceVersion(String rv) {
    if (rv == null || rv.isEmpty() || rv.equals("0")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(rv));
    } catch (NumberFormatException e) {
      throw Responses.badRequest("resourceVersion: Invalid value: \"" + rv + "\": must be an integer");
    }
  }

  private static Optional<Duration> timeoutOf(ApiRequest request) {
    String seconds = request.param("timeoutSeconds");
    if (seconds == null || seconds.isEmpty()) {
      return Optional.empty();
    }
    try {
      long s = Long.parseLong(seconds);
      return s > 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
    } catch (NumberFormatException e) {
      throw Responses.badRequest("timeoutSeconds: Invalid value: \"" + seconds + "\": must be an integer");
    }
  }
}
