package io.virtnode.operator.devserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BiConsumer;

/**
 * The durable half of the store: one SQLite database ({@code api.db} in the state dir, or in memory)
 * holding every object's JSON by key and the global resourceVersion counter, written in one
 * transaction per change (WAL, so a killed process loses nothing it acknowledged).
 */
final class SqliteLog implements AutoCloseable {
  private final Connection db;

  SqliteLog(Path stateDir) {
    try {
      String url = "jdbc:sqlite::memory:";
      if (stateDir != null) {
        Files.createDirectories(stateDir);
        url = "jdbc:sqlite:" + stateDir.resolve("api.db").toAbsolutePath();
      }
      db = DriverManager.getConnection(url);
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("CREATE TABLE IF NOT EXISTS objects (key TEXT PRIMARY KEY, json TEXT NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
      }
      db.setAutoCommit(false);
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("cannot open the API server's database under " + stateDir + ": " + e, e);
    }
  }

  synchronized long resourceVersion() {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT value FROM counters WHERE name = 'resourceVersion'")) {
      return r.next() ? r.getLong(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  synchronized void forEach(BiConsumer<String, String> keyAndJson) {
    try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT key, json FROM objects")) {
      while (r.next()) {
        keyAndJson.accept(r.getString(1), r.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stores (json non-null) or removes (json null) one object and the counter, atomically. */
  synchronized void write(long resourceVersion, String key, String json) {
    try {
      if (json == null) {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM objects WHERE key = ?")) {
          p.setString(1, key);
          p.executeUpdate();
        }
      } else {
        try (PreparedStatement p = db.prepareStatement(
            "INSERT INTO objects (key, json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET json = excluded.json")) {
          p.setString(1, key);
          p.setString(2, json);
          p.executeUpdate();
        }
      }
      try (PreparedStatement p = db.prepareStatement("INSERT INTO counters (name, value) VALUES ('resourceVersion', ?)"
          + " ON CONFLICT(name) DO UPDATE SET value = excluded.value")) {
        p.setLong(1, resourceVersion);
        p.executeUpdate();
      }
      db.commit();
    } catch (SQLException e) {
      try {
        db.rollback();
      } catch (SQLException ignored) {
        // the original failure is the one to report
      }
      throw new IllegalStateException("cannot write " + key + " to the API server's database: " + e, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
