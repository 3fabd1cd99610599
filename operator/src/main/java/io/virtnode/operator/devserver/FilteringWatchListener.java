package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Wraps the CRUD mock's watch so only events whose object matches the selectors reach the client. */
final class FilteringWatchListener extends WebSocketListener {
  private final WebSocketListener delegate;
  private final Predicate<JsonNode> matches;
  private final Set<String> selected = ConcurrentHashMap.newKeySet();
  private volatile WebSocket wrapped;

  FilteringWatchListener(WebSocketListener delegate, Predicate<JsonNode> matches) {
    this.delegate = delegate;
    this.matches = matches;
  }

  private WebSocket filtering(WebSocket socket) {
    if (wrapped == null) {
      wrapped = wrap(socket);
    }
    return wrapped;
  }

  private WebSocket wrap(WebSocket socket) {
    return new WebSocket() {
      @Override
      public RecordedRequest request() {
        return socket.request();
      }

      @Override
      public boolean send(String text) {
        String event = translate(text);
        return event == null || socket.send(event);
      }

      @Override
      public boolean send(byte[] bytes) {
        String event = translate(new String(bytes, StandardCharsets.UTF_8));
        return event == null || socket.send(event.getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public boolean close(int code, String reason) {
        return socket.close(code, reason);
      }
    };
  }

  /**
   * The event to send, or null to drop it. Like the apiserver, an object that enters the selection is
   * ADDED and one that leaves it is DELETED.
   */
  private String translate(String event) {
    try {
      JsonNode node = ApplyPatches.JSON.readTree(event);
      String type = node.path("type").asText("");
      JsonNode object = node.path("object");
      if (!(node instanceof ObjectNode eventNode) || type.equals("ERROR") || type.isEmpty()) {
        return event;
      }
      String key = object.path("metadata").path("namespace").asText("") + "/"
          + object.path("metadata").path("name").asText("");
      boolean match = matches.test(object);
      boolean known = selected.contains(key);
      String outgoing = switch (type) {
        case "DELETED" -> known || match ? "DELETED" : null;
        case "ADDED", "MODIFIED" -> match ? (known || type.equals("ADDED") ? type : "ADDED") : known ? "DELETED" : null;
        default -> type;
      };
      if (outgoing == null) {
        return null;
      }
      if (outgoing.equals("DELETED")) {
        selected.remove(key);
      } else {
        selected.add(key);
      }
      return outgoing.equals(type) ? event : eventNode.put("type", outgoing).toString();
    } catch (IOException e) {
      return event;
    }
  }

  @Override
  public void onBeforeAccept(WebSocket webSocket, Response response) {
    delegate.onBeforeAccept(filtering(webSocket), response);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    delegate.onOpen(filtering(webSocket), response);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    delegate.onMessage(filtering(webSocket), text);
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    delegate.onMessage(filtering(webSocket), bytes);
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    delegate.onClosing(filtering(webSocket), code, reason);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    delegate.onClosed(filtering(webSocket), code, reason);
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
    delegate.onFailure(filtering(webSocket), t, response);
  }
}
