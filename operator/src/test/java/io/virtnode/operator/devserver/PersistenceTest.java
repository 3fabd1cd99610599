package io.virtnode.operator.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Objects live in the state dir: a restarted server serves the same objects, uids and resourceVersions. */
@Tag("api")
class PersistenceTest {
  @TempDir
  Path state;

  @Test
  void restartServesSameObjectsUidsAndResourceVersionsAndNewVersionsAreGreater() throws Exception {
    JsonNode before;
    JsonNode cm;
    try (DevApiServer server = DevApiServer.start(0, state)) {
      server.installCrdsFromClasspath();
      Http http = new Http(server.url());
      assertThat(http.post(Http.VMS, Http.vm("kept")).code()).isEqualTo(201);
      cm = http.post("/api/v1/namespaces/default/configmaps",
          "{\"metadata\":{\"name\":\"c\"},\"data\":{\"k\":\"v\"}}").body();
      before = http.get(Http.VMS + "/kept").body();
    }
    try (DevApiServer server = DevApiServer.start(0, state)) {
      server.installCrdsFromClasspath();
      Http http = new Http(server.url());
      JsonNode after = http.get(Http.VMS + "/kept").body();
      assertThat(after.path("metadata")).isEqualTo(before.path("metadata"));
      assertThat(after.path("spec")).isEqualTo(before.path("spec"));
      assertThat(http.get("/api/v1/namespaces/default/configmaps/c").body().path("metadata").path("uid"))
          .isEqualTo(cm.path("metadata").path("uid"));

      JsonNode created = http.post(Http.VMS, Http.vm("new")).body();
      long oldRv = Long.parseLong(before.path("metadata").path("resourceVersion").asText());
      assertThat(Long.parseLong(created.path("metadata").path("resourceVersion").asText())).isGreaterThan(oldRv);
      assertThat(Long.parseLong(http.get(Http.VMS).body().path("metadata").path("resourceVersion").asText()))
          .isGreaterThan(oldRv);
      UUID a = UUID.fromString(before.path("metadata").path("uid").asText());
      UUID b = UUID.fromString(created.path("metadata").path("uid").asText());
      assertThat(a.version()).isEqualTo(4);
      assertThat(b.version()).isEqualTo(4);
      assertThat(a).isNotEqualTo(b);
    }
  }

  @Test
  void inMemoryServerStartsEmpty() throws Exception {
    try (DevApiServer server = DevApiServer.start(0)) {
      assertThat(new Http(server.url()).get("/api/v1/namespaces/default/configmaps").body().path("items")).isEmpty();
    }
  }
}
