package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Raw HTTP against the dev server, as client-go speaks it: JSON bodies, watches as chunked JSON lines. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  record Reply(int code, JsonNode body) {
  }

  private final String base;

  Http(String base) {
    this.base = base;
  }

  Reply get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Reply post(String path, String json) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply put(String path, String json) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply patch(String path, String contentType, String body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
  }

  Reply delete(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  private static Reply send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> r = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
  }

  /** A chunked watch: every line the server sends, parsed, in order. */
  Watch watch(String pathAndQuery) throws Exception {
    HttpResponse<InputStream> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    Watch watch = new Watch(r.statusCode(), r.body());
    Thread reader = new Thread(watch::read, "watch-reader");
    reader.setDaemon(true);
    reader.start();
    return watch;
  }

  /** Events of one watch stream. */
  static final class Watch implements AutoCloseable {
    final int code;
    private final InputStream in;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    volatile boolean ended;

    Watch(int code, InputStream in) {
      this.code = code;
      this.in = in;
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (!line.isBlank()) {
            events.add(JSON.readTree(line));
          }
        }
      } catch (Exception e) {
        // the stream was closed
      }
      ended = true;
    }

    /** The next event, or null when none arrives within {@code seconds}. */
    JsonNode next(long seconds) throws InterruptedException {
      return events.poll(seconds, TimeUnit.SECONDS);
    }

    /** The next event that is not a BOOKMARK. */
    JsonNode nextChange(long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      JsonNode event;
      do {
        event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } while (event != null && event.path("type").asText().equals("BOOKMARK"));
      return event;
    }

    @Override
    public void close() throws Exception {
      in.close();
    }
  }

  static String vm(String name) {
    return """
        {"apiVersion":"virtnode.io/v1alpha1","kind":"VirtualMachine","metadata":{"name":"%s"},
         "spec":{"memory":"128Mi","disks":[{"name":"root","path":"/var/lib/virtnode/images/a.img",
         "create":{"size":"64Mi"}}]}}""".formatted(name);
  }

  static final String VMS = "/apis/virtnode.io/v1alpha1/namespaces/default/virtualmachines";
}
