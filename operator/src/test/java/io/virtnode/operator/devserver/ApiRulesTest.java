package io.virtnode.operator.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Request rules as the Kubernetes API documents them, checked over raw HTTP. */
@Tag("api")
class ApiRulesTest {
  private static final String EVENTS = "/api/v1/namespaces/default/events";
  static DevApiServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = DevApiServer.start(ServerOptions.defaults().withEventTtl(Duration.ofSeconds(3)));
    server.installCrdsFromClasspath();
    http = new Http(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void updateWithStaleResourceVersionIsConflict() throws Exception {
    JsonNode vm = http.post(Http.VMS, Http.vm("stale")).body();
    http.patch(Http.VMS + "/stale", "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");

    Http.Reply reply = http.put(Http.VMS + "/stale", vm.toString());

    assertThat(reply.code()).isEqualTo(409);
    assertThat(reply.body().path("reason").asText()).isEqualTo("Conflict");
    assertThat(reply.body().path("message").asText()).isEqualTo("Operation cannot be fulfilled on "
        + "virtualmachines.virtnode.io \"stale\": the object has been modified; please apply your changes to the "
        + "latest version and try again");
    assertThat(reply.body().path("details").path("kind").asText()).isEqualTo("virtualmachines");
  }

  @Test
  void customResourcesRefuseAnUpdateWithoutResourceVersion() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode vm =
        (com.fasterxml.jackson.databind.node.ObjectNode) http.post(Http.VMS, Http.vm("unconditional")).body();
    vm.with("metadata").remove("resourceVersion");
    vm.with("metadata").with("labels").put("a", "b");

    Http.Reply reply = http.put(Http.VMS + "/unconditional", vm.toString());

    assertThat(reply.code()).isEqualTo(422);
    assertThat(reply.body().path("message").asText()).isEqualTo("VirtualMachine.virtnode.io \"unconditional\" is "
        + "invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
    assertThat(http.get(Http.VMS + "/unconditional").body().path("metadata").path("labels").has("a")).isFalse();
  }

  @Test
  void strategicMergePatchIsUnsupportedForCustomResources() throws Exception {
    http.post(Http.VMS, Http.vm("strategic"));

    Http.Reply reply = http.patch(Http.VMS + "/strategic", "application/strategic-merge-patch+json",
        "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");

    assertThat(reply.code()).isEqualTo(415);
    assertThat(reply.body().path("reason").asText()).isEqualTo("UnsupportedMediaType");
    assertThat(reply.body().path("message").asText()).contains("application/merge-patch+json");
    assertThat(http.get(Http.VMS + "/strategic").body().path("metadata").path("labels").has("a")).isFalse();
    Http.Reply namespace = http.patch("/api/v1/namespaces/default", "application/strategic-merge-patch+json",
        "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
    assertThat(namespace.code()).as("built-in kinds keep strategic merge").isEqualTo(200);
  }

  @Test
  void aJsonPatchThatDoesNotApplyIsInvalidAndChangesNothing() throws Exception {
    http.post(Http.VMS, Http.vm("jsonpatch"));

    Http.Reply reply = http.patch(Http.VMS + "/jsonpatch", "application/json-patch+json",
        "[{\"op\":\"test\",\"path\":\"/spec/memory\",\"value\":\"1Ti\"},"
        + "{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"a\":\"b\"}}]");

    assertThat(reply.code()).isEqualTo(422);
    assertThat(http.get(Http.VMS + "/jsonpatch").body().path("metadata").path("labels").has("a")).isFalse();
  }

  @Test
  void noFinalizerCanBeAddedToAnObjectBeingDeleted() throws Exception {
    http.post(Http.VMS, Http.vm("deleting"));
    http.patch(Http.VMS + "/deleting", "application/merge-patch+json",
        "{\"metadata\":{\"finalizers\":[\"virtnode.io/agent\"]}}");
    http.delete(Http.VMS + "/deleting");

    Http.Reply reply = http.patch(Http.VMS + "/deleting", "application/merge-patch+json",
        "{\"metadata\":{\"finalizers\":[\"virtnode.io/agent-local\"]}}");

    assertThat(reply.code()).isEqualTo(422);
    assertThat(reply.body().path("message").asText()).contains("metadata.finalizers: Forbidden: no new finalizers "
        + "can be added if the object is being deleted, found new finalizers []string{\"virtnode.io/agent-local\"}");
    assertThat(http.get(Http.VMS + "/deleting").body().path("metadata").path("finalizers").toString())
        .isEqualTo("[\"virtnode.io/agent\"]");
    http.patch(Http.VMS + "/deleting", "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}");
    assertThat(http.get(Http.VMS + "/deleting").code()).isEqualTo(404);
  }

  @Test
  void aWriteCarryingAnotherObjectsUidIsAFailedPrecondition() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode vm =
        (com.fasterxml.jackson.databind.node.ObjectNode) http.post(Http.VMS, Http.vm("namesake")).body();
    String uid = vm.path("metadata").path("uid").asText();
    vm.with("metadata").put("uid", "0b6f3c2e-1111-4222-8333-444455556666");
    vm.with("metadata").with("labels").put("a", "b");

    Http.Reply reply = http.put(Http.VMS + "/namesake", vm.toString());

    assertThat(reply.code()).isEqualTo(409);
    assertThat(reply.body().path("reason").asText()).isEqualTo("Conflict");
    assertThat(reply.body().path("message").asText()).contains("Precondition failed: UID in precondition: "
        + "0b6f3c2e-1111-4222-8333-444455556666, UID in object meta: " + uid);
    assertThat(http.get(Http.VMS + "/namesake").body().path("metadata").path("labels").has("a")).isFalse();
  }

  @Test
  void namesThatAreNotDns1123SubdomainsAreInvalid() throws Exception {
    for (String name : List.of("My VM", "vm\u00e9", "UPPER", "-dash")) {
      Http.Reply reply = http.post(Http.VMS, Http.vm(name));
      assertThat(reply.code()).as(name).isEqualTo(422);
      assertThat(reply.body().path("reason").asText()).isEqualTo("Invalid");
      assertThat(reply.body().path("message").asText()).contains("metadata.name: Invalid value: \"" + name
          + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters");
    }
    Http.Reply namespace = http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"a.b\"}}");
    assertThat(namespace.code()).isEqualTo(422);
    assertThat(namespace.body().path("message").asText()).contains("a lowercase RFC 1123 label");
  }

  @Test
  void createInMissingNamespaceIsNotFound() throws Exception {
    Http.Reply reply = http.post("/apis/virtnode.io/v1alpha1/namespaces/ghost/virtualmachines", Http.vm("v"));
    assertThat(reply.code()).isEqualTo(404);
    assertThat(reply.body().path("reason").asText()).isEqualTo("NotFound");
    assertThat(reply.body().path("message").asText()).isEqualTo("namespaces \"ghost\" not found");
  }

  @Test
  void fieldSelectorsAreLimitedToSupportedLabels() throws Exception {
    http.post(Http.VMS, Http.vm("fs-a"));
    http.post(Http.VMS, Http.vm("fs-b"));
    Http.Reply byName = http.get(Http.VMS + "?fieldSelector=metadata.name%3Dfs-b");
    assertThat(byName.body().path("items")).extracting(i -> i.path("metadata").path("name").asText())
        .containsExactly("fs-b");
    assertThat(http.get(Http.VMS + "?fieldSelector=metadata.namespace%3Dother").body().path("items")).isEmpty();

    Http.Reply unsupported = http.get(Http.VMS + "?fieldSelector=spec.memory%3D128Mi");
    assertThat(unsupported.code()).isEqualTo(400);
    assertThat(unsupported.body().path("reason").asText()).isEqualTo("BadRequest");
    assertThat(unsupported.body().path("message").asText()).isEqualTo("field label not supported: spec.memory");
  }

  @Test
  void eventsAreSelectedByInvolvedObject() throws Exception {
    event("e1", "fs-vm", "u-1", "Started");
    event("e2", "other-vm", "u-2", "Started");
    Http.Reply reply = http.get(EVENTS + "?fieldSelector=involvedObject.name%3Dfs-vm,involvedObject.kind%3D"
        + "VirtualMachine,involvedObject.uid%3Du-1,involvedObject.namespace%3Ddefault");
    assertThat(reply.code()).isEqualTo(200);
    assertThat(reply.body().path("items").findValuesAsText("reason")).containsExactly("Started");
    assertThat(reply.body().path("items").get(0).path("metadata").path("name").asText()).isEqualTo("e1");
    assertThat(http.get(EVENTS + "?fieldSelector=reason%3DStarted,type%3DNormal").body().path("items")).hasSize(2);
    assertThat(http.get(EVENTS + "?fieldSelector=message%3Dx").code()).isEqualTo(400);
  }

  @Test
  void eventsAgeOutAfterTheirTtl() throws Exception {
    event("ttl", "ttl-vm", "u-3", "Created");
    assertThat(http.get(EVENTS + "/ttl").code()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get(EVENTS + "/ttl").code() == 404);
  }

  private static void event(String name, String vm, String uid, String reason) throws Exception {
    Http.Reply reply = http.post(EVENTS, """
        {"metadata":{"name":"%s"},"involvedObject":{"kind":"VirtualMachine","apiVersion":"virtnode.io/v1alpha1",
         "namespace":"default","name":"%s","uid":"%s"},"reason":"%s","message":"m","type":"Normal",
         "source":{"component":"virtnode-agent"}}""".formatted(name, vm, uid, reason));
    assertThat(reply.code()).isEqualTo(201);
  }

  @Test
  void listsPaginateWithLimitAndContinue() throws Exception {
    for (int i = 0; i < 5; i++) {
      http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"page-" + i + "\"}}");
    }
    List<String> names = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      JsonNode page = http.get("/api/v1/namespaces?labelSelector=&limit=2" + (token.isEmpty() ? "" : "&continue="
          + token)).body();
      assertThat(page.path("items").size()).isLessThanOrEqualTo(2);
      page.path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
      token = page.path("metadata").path("continue").asText("");
      if (pages == 0) {
        assertThat(page.path("metadata").path("remainingItemCount").asInt()).isEqualTo(4);
      }
      pages++;
    } while (!token.isEmpty());
    assertThat(names).containsExactly("default", "page-0", "page-1", "page-2", "page-3", "page-4");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void deletionTimestampOnAnObjectWithFinalizersBumpsGeneration() throws Exception {
    JsonNode vm = Http.JSON.readTree(Http.vm("fin"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) vm.path("metadata")).putArray("finalizers").add("virtnode.io/x");
    assertThat(http.post(Http.VMS, vm.toString()).body().path("metadata").path("generation").asLong()).isEqualTo(1);

    JsonNode deleting = http.delete(Http.VMS + "/fin").body();

    assertThat(deleting.path("metadata").path("deletionTimestamp").asText()).isNotEmpty();
    assertThat(deleting.path("metadata").path("generation").asLong()).isEqualTo(2);
    assertThat(http.get(Http.VMS + "/fin").body().path("metadata").path("generation").asLong()).isEqualTo(2);
    http.patch(Http.VMS + "/fin", "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}");
    assertThat(http.get(Http.VMS + "/fin").code()).isEqualTo(404);
  }

  @Test
  void generationFollowsSpecOnlyAndStatusWritesIgnoreSpec() throws Exception {
    http.post(Http.VMS, Http.vm("gen2"));
    JsonNode status = http.patch(Http.VMS + "/gen2/status", "application/merge-patch+json",
        "{\"spec\":{\"cpus\":3},\"status\":{\"nodeName\":\"n1\"}}").body();
    assertThat(status.path("spec").path("cpus").asInt()).isEqualTo(1);
    assertThat(status.path("status").path("nodeName").asText()).isEqualTo("n1");
    assertThat(status.path("metadata").path("generation").asLong()).isEqualTo(1);
    JsonNode main = http.patch(Http.VMS + "/gen2", "application/merge-patch+json",
        "{\"spec\":{\"cpus\":2},\"status\":{\"nodeName\":\"n2\"}}").body();
    assertThat(main.path("status").path("nodeName").asText()).isEqualTo("n1");
    assertThat(main.path("metadata").path("generation").asLong()).isEqualTo(2);
  }

  @Test
  void writeThatChangesNothingKeepsTheResourceVersionAndSendsNoEvent() throws Exception {
    JsonNode vm = http.post(Http.VMS, Http.vm("noop")).body();
    String rv = vm.path("metadata").path("resourceVersion").asText();
    try (Http.Watch watch = http.watch(Http.VMS + "?watch=true&resourceVersion=" + rv)) {
      JsonNode same = http.patch(Http.VMS + "/noop", "application/merge-patch+json",
          "{\"spec\":{\"memory\":\"128Mi\"}}").body();
      assertThat(same.path("metadata").path("resourceVersion").asText()).isEqualTo(rv);
      http.patch(Http.VMS + "/noop", "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}");
      JsonNode first = watch.nextChange(10);
      assertThat(first.path("type").asText()).isEqualTo("MODIFIED");
      assertThat(first.path("object").path("metadata").path("labels").path("x").asText())
          .as("the no-op write sent no event before this one").isEqualTo("y");
    }
  }

  @Test
  void deletingANamespaceDeletesItsContentAndWaitsForFinalizers() throws Exception {
    String vms = "/apis/virtnode.io/v1alpha1/namespaces/doomed/virtualmachines";
    http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"doomed\"}}");
    http.post("/api/v1/namespaces/doomed/configmaps", "{\"metadata\":{\"name\":\"c\"}}");
    JsonNode vm = Http.JSON.readTree(Http.vm("held"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) vm.path("metadata")).putArray("finalizers").add("virtnode.io/x");
    assertThat(http.post(vms, vm.toString()).code()).isEqualTo(201);

    JsonNode terminating = http.delete("/api/v1/namespaces/doomed").body();

    assertThat(terminating.path("status").path("phase").asText()).isEqualTo("Terminating");
    assertThat(http.get("/api/v1/namespaces/doomed/configmaps/c").code()).isEqualTo(404);
    assertThat(http.get(vms + "/held").body().path("metadata").path("deletionTimestamp").asText()).isNotEmpty();
    Http.Reply refused = http.post("/api/v1/namespaces/doomed/configmaps", "{\"metadata\":{\"name\":\"d\"}}");
    assertThat(refused.code()).isEqualTo(403);
    assertThat(refused.body().path("message").asText()).isEqualTo("unable to create new content in namespace doomed "
        + "because it is being terminated");

    http.patch(vms + "/held", "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}");

    assertThat(http.get(vms + "/held").code()).isEqualTo(404);
    assertThat(http.get("/api/v1/namespaces/doomed").code()).isEqualTo(404);
  }

  @Test
  void applyWithoutFieldManagerIsBadRequest() throws Exception {
    Http.Reply reply = http.patch(Http.VMS + "/nofm", "application/apply-patch+yaml", Http.vm("nofm"));
    assertThat(reply.code()).isEqualTo(400);
    assertThat(reply.body().path("message").asText()).contains("fieldManager is required");
    assertThat(http.patch(Http.VMS + "/nofm?fieldManager=me", "application/apply-patch+yaml", Http.vm("nofm"))
        .code()).isEqualTo(201);
  }
}
