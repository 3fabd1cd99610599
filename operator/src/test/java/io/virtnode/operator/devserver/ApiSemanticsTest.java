package io.virtnode.operator.devserver;

import static io.virtnode.operator.devserver.Vms.sample;
import static io.virtnode.operator.devserver.Vms.vms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiSemanticsTest {
  static DevApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = DevApiServer.start(0);
    server.installCrdsFromClasspath();
    client = server.kubernetesClient();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static GenericKubernetesResource labelled(String name, String key, String value) {
    GenericKubernetesResource vm = sample(name);
    vm.getMetadata().setLabels(Map.of(key, value));
    return vm;
  }

  @Test
  void statusWriteNeitherChangesSpecNorBumpsGeneration() {
    vms(client).resource(sample("status")).create();
    GenericKubernetesResource vm = vms(client).withName("status").get();
    vm.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True"))));
    ((Map<String, Object>) vm.getAdditionalProperties().get("spec")).put("cpus", 4);

    GenericKubernetesResource updated = vms(client).resource(vm).updateStatus();

    assertThat(updated.<Integer>get("spec", "cpus")).isEqualTo(1);
    assertThat(updated.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(vms(client).withName("status").get().<String>get("status", "conditions", 0, "type")).isEqualTo("Ready");
  }

  @Test
  void specChangeBumpsGenerationAndMainWritesKeepStatus() {
    vms(client).resource(sample("gen")).create();
    vms(client).withName("gen").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}");

    GenericKubernetesResource patched = vms(client).withName("gen").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"cpus\":2},\"status\":{\"conditions\":[]}}");
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(patched.<String>get("status", "conditions", 0, "status")).isEqualTo("False");

    GenericKubernetesResource labelled = vms(client).withName("gen").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
    assertThat(labelled.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void serverSideApplyCreatesThenMerges() {
    GenericKubernetesResource applied = vms(client).resource(sample("ssa")).fieldManager("test").forceConflicts()
        .serverSideApply();
    assertThat(applied.<String>get("spec", "state")).isEqualTo("Running");

    GenericKubernetesResource change = Vms.vm("ssa", Vms.sampleSpec("256Mi") + "state: Stopped\n");
    GenericKubernetesResource updated = vms(client).resource(change).fieldManager("test").forceConflicts()
        .serverSideApply();
    assertThat(updated.<String>get("spec", "memory")).isEqualTo("256Mi");
    assertThat(updated.<String>get("spec", "state")).isEqualTo("Stopped");
    assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void setBasedLabelSelectorsFilterLists() {
    vms(client).resource(labelled("sel-a", "tier", "a")).create();
    vms(client).resource(labelled("sel-b", "tier", "b")).create();
    vms(client).resource(labelled("sel-c", "other", "x")).create();

    assertThat(names(vms(client).withLabelIn("tier", "a", "b").list().getItems())).containsExactlyInAnyOrder(
        "sel-a", "sel-b");
    assertThat(names(vms(client).withLabelNotIn("tier", "a").list().getItems())).contains("sel-b", "sel-c")
        .doesNotContain("sel-a");
    assertThat(names(vms(client).withoutLabel("tier").list().getItems())).contains("sel-c")
        .doesNotContain("sel-a", "sel-b");
    assertThat(names(vms(client).withField("metadata.name", "sel-b").list().getItems())).containsExactly("sel-b");
  }

  @Test
  void watchWithLabelSelectorSeesOnlyMatchingObjects() {
    List<String> events = new CopyOnWriteArrayList<>();
    try (Watch ignored = vms(client).withLabelIn("watch", "yes").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, GenericKubernetesResource resource) {
        events.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      vms(client).resource(labelled("w-no", "watch", "no")).create();
      vms(client).resource(labelled("w-yes", "watch", "yes")).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("ADDED w-yes"));
      vms(client).withName("w-yes").patch(PatchContext.of(PatchType.JSON_MERGE),
          "{\"metadata\":{\"labels\":{\"watch\":\"no\"}}}");
      await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("DELETED w-yes"));
      assertThat(events).noneMatch(e -> e.endsWith("w-no"));
    }
  }

  @Test
  void deleteWithFinalizerKeepsObjectUntilFinalizerRemoved() {
    GenericKubernetesResource vm = sample("final");
    vm.getMetadata().setFinalizers(List.of("virtnode.io/agent"));
    vms(client).resource(vm).create();

    vms(client).withName("final").delete();

    GenericKubernetesResource terminating = vms(client).withName("final").get();
    assertThat(terminating).isNotNull();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotBlank();
    vms(client).withName("final").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"finalizers\":null}}");
    await().atMost(Duration.ofSeconds(5)).until(() -> vms(client).withName("final").get() == null);
  }

  @Test
  void tableResponseCarriesPrinterColumns() throws Exception {
    vms(client).resource(sample("table")).create();
    vms(client).withName("table").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"status\":{\"conditions\":[{\"type\":\"Paused\",\"status\":\"False\"},{\"type\":\"Ready\",\"status\":\"True\"}]}}");
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            server.url() + "/apis/virtnode.io/v1alpha1/namespaces/default/virtualmachines/table"))
        .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json").build(),
        HttpResponse.BodyHandlers.ofString());

    JsonNode table = new ObjectMapper().readTree(response.body());
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    List<String> columns = table.path("columnDefinitions").findValuesAsText("name");
    assertThat(columns).containsExactly("Name", "Age", "Ready", "Node", "PID", "State", "VNC");
    assertThat(table.path("columnDefinitions").get(4).path("priority").asInt()).isEqualTo(1);
    JsonNode row = table.path("rows").get(0);
    assertThat(row.path("cells").get(0).asText()).isEqualTo("table");
    assertThat(row.path("cells").get(2).asText()).isEqualTo("True");
    assertThat(row.path("cells").get(1).asText()).isNotBlank();
    assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
  }

  @Test
  void discoveryListsTheCustomResourceWithShortNameAndStatus() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        server.url() + "/apis/virtnode.io/v1alpha1")).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode list = new ObjectMapper().readTree(response.body());
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(list.path("resources").findValuesAsText("name")).contains("virtualmachines", "virtualmachines/status");
    JsonNode vms = null;
    for (JsonNode r : list.path("resources")) {
      if (r.path("name").asText().equals("virtualmachines")) vms = r;
    }
    assertThat(vms.path("shortNames").get(0).asText()).isEqualTo("vm");
    assertThat(client.getApiGroups().getGroups()).anyMatch(g -> g.getName().equals("virtnode.io"));
  }

  private static List<String> names(List<GenericKubernetesResource> items) {
    return items.stream().map(i -> i.getMetadata().getName()).toList();
  }
}
