package io.virtnode.operator.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Server-side apply through the API: fields a manager stops sending go, other managers' fields conflict. */
@Tag("api")
class ServerSideApplyWiringTest {
  private static final String APPLY = "application/apply-patch+yaml";
  static DevApiServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = DevApiServer.start(0);
    server.installCrdsFromClasspath();
    http = new Http(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String vm(String name, String memory, String extraMetadata, String extraSpec) {
    return """
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata:
          name: %s
        %s
        spec:
          memory: %s
          disks:
          - name: root
            path: /var/lib/virtnode/images/a.img
        %s
        """.formatted(name, extraMetadata.indent(2), memory, extraSpec.indent(2));
  }

  @Test
  void applyRemovesTheFieldsTheManagerNoLongerSends() throws Exception {
    String path = Http.VMS + "/dropped?fieldManager=gitops";
    assertThat(http.patch(path, APPLY, vm("dropped", "128Mi", "labels:\n  a: x\n  b: y", "cpus: 2")).code())
        .isEqualTo(201);

    Http.Reply reply = http.patch(path, APPLY, vm("dropped", "128Mi", "labels:\n  a: x", ""));

    assertThat(reply.code()).as(reply.body().toString()).isEqualTo(200);
    JsonNode vm = http.get(Http.VMS + "/dropped").body();
    assertThat(vm.path("metadata").path("labels").has("b")).isFalse();
    assertThat(vm.path("metadata").path("labels").path("a").asText()).isEqualTo("x");
    assertThat(vm.path("spec").path("cpus").asInt()).as("cpus dropped, so back to its default").isEqualTo(1);
    assertThat(vm.path("metadata").path("managedFields").findValuesAsText("manager")).contains("gitops");
  }

  @Test
  void anotherManagersFieldIsAConflictUntilForced() throws Exception {
    assertThat(http.patch(Http.VMS + "/shared?fieldManager=alice", APPLY, vm("shared", "128Mi", "", "")).code())
        .isEqualTo(201);

    Http.Reply conflict = http.patch(Http.VMS + "/shared?fieldManager=bob", APPLY, vm("shared", "256Mi", "", ""));

    assertThat(conflict.code()).isEqualTo(409);
    assertThat(conflict.body().path("reason").asText()).isEqualTo("Conflict");
    assertThat(conflict.body().path("message").asText()).startsWith("Apply failed with").contains("with \"alice\"")
        .contains(".spec.memory");
    JsonNode causes = conflict.body().path("details").path("causes");
    assertThat(causes.findValuesAsText("type")).containsOnly("FieldManagerConflict");
    assertThat(causes.findValuesAsText("field")).contains(".spec.memory");
    assertThat(http.get(Http.VMS + "/shared").body().path("spec").path("memory").asText()).isEqualTo("128Mi");

    Http.Reply forced = http.patch(Http.VMS + "/shared?fieldManager=bob&force=true", APPLY,
        vm("shared", "256Mi", "", ""));
    assertThat(forced.code()).isEqualTo(200);
    assertThat(forced.body().path("spec").path("memory").asText()).isEqualTo("256Mi");
  }

  @Test
  void nonApplyWritesAreRecordedUnderTheirFieldManager() throws Exception {
    http.post(Http.VMS + "?fieldManager=creator", Http.vm("recorded"));
    JsonNode patched = http.patch(Http.VMS + "/recorded?fieldManager=patcher", "application/merge-patch+json",
        "{\"spec\":{\"cpus\":2}}").body();
    assertThat(patched.path("metadata").path("managedFields").findValuesAsText("manager"))
        .contains("creator", "patcher");
  }
}
