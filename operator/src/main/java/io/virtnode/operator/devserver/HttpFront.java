package io.virtnode.operator.devserver;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP side (Vert.x, plain HTTP on 127.0.0.1): requests run on worker threads; watches stream as
 * chunked JSON lines (kubectl, client-go) or as websocket text messages (fabric8's default).
 */
final class HttpFront {
  private final Vertx vertx;
  private final ApiRouter router;
  private final Watches watches;
  private final AtomicLong writeCount = new AtomicLong();
  private HttpServer server;

  HttpFront(Vertx vertx, ApiRouter router, Watches watches) {
    this.vertx = vertx;
    this.router = router;
    this.watches = watches;
  }

  int listen(int port) throws Exception {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
        .setMaxWebSocketFrameSize(1 << 24).setMaxWebSocketMessageSize(1 << 26))
        .requestHandler(this::onRequest);
    return server.listen().toCompletionStage().toCompletableFuture().get().actualPort();
  }

  long writeCount() {
    return writeCount.get();
  }

  private void onRequest(HttpServerRequest req) {
    if (!req.method().name().equals("GET")) {
      writeCount.incrementAndGet();
    }
    if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
      ApiRequest request = ApiRequest.of("GET", req.uri(), req::getHeader, "");
      if (!request.isWatch()) {
        send(req.response(), ApiResponse.of(Responses.badRequest("only watches are served over websockets")));
        return;
      }
      req.toWebSocket().onSuccess(ws -> vertx.executeBlocking(() -> watchOverWebSocket(request, ws), false));
      return;
    }
    req.body().onSuccess(body -> {
      ApiRequest request = ApiRequest.of(req.method().name(), req.uri(), req::getHeader, body.toString());
      if (request.method().equals("GET") && request.isWatch()) {
        vertx.executeBlocking(() -> chunkedWatch(request, req.response()), false);
      } else {
        vertx.executeBlocking(() -> router.handle(request), false)
            .onSuccess(r -> send(req.response(), r))
            .onFailure(e -> send(req.response(), ApiResponse.of(Responses.failure(500, "InternalError",
                String.valueOf(e.getMessage())))));
      }
    });
  }

  private static void send(HttpServerResponse response, ApiResponse r) {
    String body = r.body().isTextual() ? r.body().asText() : r.body().toString();
    response.setStatusCode(r.code()).putHeader("Content-Type", r.body().isTextual() ? "text/plain" : "application/json")
        .end(body);
  }

  private Void chunkedWatch(ApiRequest request, HttpServerResponse response) {
    WatchSession session;
    try {
      ApiRouter.Resolved r = router.resolve(request.path());
      response.setChunked(true).putHeader("Content-Type", "application/json");
      session = watches.start(r.type(), r.path(), request, new WatchSession.Sink() {
        @Override
        public void send(String event) {
          response.write(event + "\n");
        }

        @Override
        public void close() {
          if (!response.ended() && !response.closed()) {
            response.end();
          }
        }
      });
    } catch (ApiException e) {
      response.setChunked(false);
      send(response, ApiResponse.of(e));
      return null;
    }
    if (!response.headWritten() && !response.ended()) {
      response.writeHead();
    }
    response.closeHandler(v -> session.close());
    if (response.closed()) {
      session.close();
    }
    return null;
  }

  private Void watchOverWebSocket(ApiRequest request, ServerWebSocket ws) {
    WatchSession.Sink sink = new WatchSession.Sink() {
      @Override
      public void send(String event) {
        ws.writeTextMessage(event);
      }

      @Override
      public void close() {
        if (!ws.isClosed()) {
          ws.close();
        }
      }
    };
    try {
      ApiRouter.Resolved r = router.resolve(request.path());
      WatchSession session = watches.start(r.type(), r.path(), request, sink);
      ws.closeHandler(v -> session.close());
      if (ws.isClosed()) {
        session.close();
      }
    } catch (ApiException e) {
      sink.send("{\"type\":\"ERROR\",\"object\":" + e.status() + "}");
      sink.close();
    }
    return null;
  }

  void close() {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
