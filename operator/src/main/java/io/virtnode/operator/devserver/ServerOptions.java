package io.virtnode.operator.devserver;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the dev API server: port (0 picks one), state dir for its database (null: in memory),
 * event TTL (the apiserver's --event-ttl, default 1 h), how often watches that asked for them get
 * BOOKMARKs (about a minute in the apiserver) and how many recent changes watches can resume from.
 */
public record ServerOptions(int port, Path stateDir, Duration eventTtl, Duration bookmarkInterval, int watchWindow) {

  public static ServerOptions defaults() {
    return new ServerOptions(0, null, Duration.ofHours(1), Duration.ofMinutes(1), 10_000);
  }

  public ServerOptions withPort(int newPort) {
    return new ServerOptions(newPort, stateDir, eventTtl, bookmarkInterval, watchWindow);
  }

  public ServerOptions withStateDir(Path dir) {
    return new ServerOptions(port, dir, eventTtl, bookmarkInterval, watchWindow);
  }

  public ServerOptions withEventTtl(Duration ttl) {
    return new ServerOptions(port, stateDir, ttl, bookmarkInterval, watchWindow);
  }

  public ServerOptions withBookmarkInterval(Duration interval) {
    return new ServerOptions(port, stateDir, eventTtl, interval, watchWindow);
  }

  public ServerOptions withWatchWindow(int events) {
    return new ServerOptions(port, stateDir, eventTtl, bookmarkInterval, events);
  }
}
