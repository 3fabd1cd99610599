package io.virtnode.operator.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Watch semantics from the Kubernetes API docs ("Efficient detection of changes", "Resource versions"). */
@Tag("api")
class WatchTest {
  private static final String CMS = "/api/v1/namespaces/default/configmaps";
  DevApiServer server;
  Http http;

  @BeforeEach
  void start() {
    server = DevApiServer.start(ServerOptions.defaults().withBookmarkInterval(Duration.ofSeconds(1))
        .withWatchWindow(5));
    http = new Http(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String create(String name) throws Exception {
    Http.Reply r = http.post(CMS, "{\"metadata\":{\"name\":\"" + name + "\"}}");
    assertThat(r.code()).isEqualTo(201);
    return r.body().path("metadata").path("resourceVersion").asText();
  }

  @Test
  void watchFromResourceVersionReplaysOnlyLaterChangesThenStreams() throws Exception {
    String afterA = create("a");
    create("b");
    try (Http.Watch watch = http.watch(CMS + "?watch=true&resourceVersion=" + afterA)) {
      assertThat(watch.code).isEqualTo(200);
      JsonNode first = watch.nextChange(10);
      assertThat(first.path("type").asText()).isEqualTo("ADDED");
      assertThat(first.path("object").path("metadata").path("name").asText()).isEqualTo("b");
      http.patch(CMS + "/a", "application/merge-patch+json", "{\"data\":{\"k\":\"v\"}}");
      JsonNode modified = watch.nextChange(10);
      assertThat(modified.path("type").asText()).isEqualTo("MODIFIED");
      assertThat(modified.path("object").path("data").path("k").asText()).isEqualTo("v");
      http.delete(CMS + "/a");
      assertThat(watch.nextChange(10).path("type").asText()).isEqualTo("DELETED");
    }
  }

  @Test
  void watchWithoutResourceVersionStartsWithSyntheticAddedEvents() throws Exception {
    create("x");
    create("y");
    for (String rv : List.of("", "0")) {
      try (Http.Watch watch = http.watch(CMS + "?watch=1&resourceVersion=" + rv)) {
        assertThat(List.of(watch.nextChange(10), watch.nextChange(10)))
            .extracting(e -> e.path("type").asText() + " " + e.path("object").path("metadata").path("name").asText())
            .containsExactly("ADDED x", "ADDED y");
      }
    }
  }

  @Test
  void resourceVersionOlderThanTheRetainedWindowIsGone() throws Exception {
    String first = create("old");
    for (int i = 0; i < 6; i++) {
      create("n" + i);
    }
    try (Http.Watch watch = http.watch(CMS + "?watch=true&resourceVersion=" + first)) {
      JsonNode error = watch.next(10);
      assertThat(error.path("type").asText()).isEqualTo("ERROR");
      assertThat(error.path("object").path("kind").asText()).isEqualTo("Status");
      assertThat(error.path("object").path("code").asInt()).isEqualTo(410);
      assertThat(error.path("object").path("reason").asText()).isEqualTo("Expired");
      assertThat(error.path("object").path("message").asText()).startsWith("too old resource version: " + first);
      await().atMost(Duration.ofSeconds(10)).until(() -> watch.ended);
    }
  }

  @Test
  void resourceVersionAheadOfTheServerIsGoneSoTheClientListsAgain() throws Exception {
    create("ahead");
    long rv = Long.parseLong(http.get(CMS).body().path("metadata").path("resourceVersion").asText());
    try (Http.Watch watch = http.watch(CMS + "?watch=true&resourceVersion=" + (rv + 1000))) {
      JsonNode error = watch.next(10);
      assertThat(error.path("type").asText()).isEqualTo("ERROR");
      assertThat(error.path("object").path("code").asInt()).isEqualTo(410);
      await().atMost(Duration.ofSeconds(10)).until(() -> watch.ended);
    }
  }

  @Test
  void bookmarksArriveWhenAskedForAndCarryTheCurrentResourceVersion() throws Exception {
    create("bm");
    String rv = http.get(CMS).body().path("metadata").path("resourceVersion").asText();
    try (Http.Watch watch = http.watch(CMS + "?watch=true&allowWatchBookmarks=true&resourceVersion=" + rv)) {
      JsonNode bookmark = watch.next(10);
      assertThat(bookmark.path("type").asText()).isEqualTo("BOOKMARK");
      assertThat(bookmark.path("object").path("kind").asText()).isEqualTo("ConfigMap");
      assertThat(bookmark.path("object").path("metadata").path("resourceVersion").asText()).isEqualTo(rv);
    }
    try (Http.Watch watch = http.watch(CMS + "?watch=true&resourceVersion=" + rv)) {
      assertThat(watch.next(3)).as("no bookmarks unless asked for").isNull();
    }
  }

  @Test
  void watchEndsAfterTimeoutSeconds() throws Exception {
    try (Http.Watch watch = http.watch(CMS + "?watch=true&timeoutSeconds=1")) {
      await().atMost(Duration.ofSeconds(15)).until(() -> watch.ended);
    }
  }

  @Test
  void websocketWatchSendsEachEventAsATextMessage() throws Exception {
    java.util.concurrent.BlockingQueue<String> messages = new java.util.concurrent.LinkedBlockingQueue<>();
    java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
        java.net.URI.create(server.url().replace("http:", "ws:") + CMS + "?watch=true"),
        new java.net.http.WebSocket.Listener() {
          @Override
          public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data,
              boolean last) {
            messages.add(data.toString());
            socket.request(1);
            return null;
          }
        }).get(10, java.util.concurrent.TimeUnit.SECONDS);
    try {
      create("over-ws");
      JsonNode event = Http.JSON.readTree(messages.poll(10, java.util.concurrent.TimeUnit.SECONDS));
      assertThat(event.path("type").asText()).isEqualTo("ADDED");
      assertThat(event.path("object").path("metadata").path("name").asText()).isEqualTo("over-ws");
    } finally {
      ws.abort();
    }
  }

  @Test
  void fabric8WatchesOverWebsocketAndOverHttp() {
    for (boolean onlyHttp : List.of(false, true)) {
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
          .withMasterUrl(server.url()).withNamespace("default").withOnlyHttpWatches(onlyHttp).build()).build()) {
        List<String> seen = new CopyOnWriteArrayList<>();
        String name = "f8-" + onlyHttp;
        try (var ignored = client.configMaps().watch(new Watcher<ConfigMap>() {
          @Override
          public void eventReceived(Action action, ConfigMap resource) {
            seen.add(action + " " + resource.getMetadata().getName());
          }

          @Override
          public void onClose(WatcherException cause) {
          }
        })) {
          client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build())
              .create();
          await().atMost(Duration.ofSeconds(15)).until(() -> seen.contains("ADDED " + name));
        }
      }
    }
  }
}
