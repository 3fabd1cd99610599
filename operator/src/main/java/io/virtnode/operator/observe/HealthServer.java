package io.virtnode.operator.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@code /healthz} (the process answers), {@code /readyz} (every readiness check passes; 503 with
 * the failing ones otherwise) and {@code /metrics} (Prometheus text format) over plain HTTP.
 */
public final class HealthServer implements AutoCloseable {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private final HttpServer server;
  private final ExecutorService executor;

  private HealthServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving on address (port 0 picks a free one). */
  public static HealthServer start(InetSocketAddress address, Readiness readiness, java.util.function.Supplier<String> metrics)
      throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    server.createContext("/healthz", ex -> reply(ex, 200, "text/plain", "ok\n"));
    server.createContext("/readyz", ex -> {
      List<String> problems = readiness.problems();
      if (problems.isEmpty()) {
        reply(ex, 200, "text/plain", "ok\n");
      } else {
        reply(ex, 503, "text/plain", String.join("\n", problems) + "\n");
      }
    });
    server.createContext("/metrics", ex -> reply(ex, 200, PROMETHEUS_TEXT, metrics.get()));
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "health-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
    return new HealthServer(server, executor);
  }

  /** The base URL, e.g. http://127.0.0.1:8081 (loopback when serving on every address). */
  public String url() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1"
        : a.getAddress() instanceof java.net.Inet6Address ? "[" + a.getHostString() + "]" : a.getHostString();
    return "http://" + host + ":" + a.getPort();
  }

  private static void reply(HttpExchange ex, int code, String type, String body) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(code, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
