package io.virtnode.operator.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Deleting a CRD as the Kubernetes API documents it: instances first, their finalizers honoured. */
@Tag("api")
class CrdDeletionTest {
  private static final String CRD = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/virtualmachines.virtnode.io";
  private DevApiServer server;
  private Http http;

  @BeforeEach
  void start() {
    server = DevApiServer.start(ServerOptions.defaults());
    server.installCrdsFromClasspath();
    http = new Http(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aCrdWaitsForItsInstancesFinalizersAndRefusesNewInstancesMeanwhile() throws Exception {
    http.post(Http.VMS, Http.vm("plain"));
    http.post(Http.VMS, Http.vm("held"));
    http.patch(Http.VMS + "/held", "application/merge-patch+json",
        "{\"metadata\":{\"finalizers\":[\"virtnode.io/agent-local\"]}}");

    assertThat(http.delete(CRD).code()).isEqualTo(200);

    JsonNode crd = http.get(CRD).body();
    assertThat(crd.path("metadata").has("deletionTimestamp")).isTrue();
    assertThat(crd.path("status").path("conditions").toString()).contains("Terminating");
    assertThat(http.get(Http.VMS + "/plain").code()).isEqualTo(404);
    assertThat(http.get(Http.VMS + "/held").body().path("metadata").has("deletionTimestamp")).isTrue();
    Http.Reply refused = http.post(Http.VMS, Http.vm("late"));
    assertThat(refused.code()).isEqualTo(405);
    assertThat(refused.body().path("message").asText()).contains("custom resource definition is terminating");

    http.patch(Http.VMS + "/held", "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}");

    assertThat(http.get(CRD).code()).isEqualTo(404);
    assertThat(http.get(Http.VMS).code()).as("the kind is no longer served").isEqualTo(404);
  }

  @Test
  void aCrdWithoutInstancesGoesAtOnce() throws Exception {
    assertThat(http.delete(CRD).code()).isEqualTo(200);

    assertThat(http.get(CRD).code()).isEqualTo(404);
    assertThat(http.get(Http.VMS).code()).isEqualTo(404);
  }
}
