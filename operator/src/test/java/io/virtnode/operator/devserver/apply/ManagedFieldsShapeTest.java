package io.virtnode.operator.devserver.apply;

import static io.virtnode.operator.devserver.apply.VmObjects.T1;
import static io.virtnode.operator.devserver.apply.VmObjects.T2;
import static io.virtnode.operator.devserver.apply.VmObjects.T3;
import static io.virtnode.operator.devserver.apply.VmObjects.fieldsOf;
import static io.virtnode.operator.devserver.apply.VmObjects.json;
import static io.virtnode.operator.devserver.apply.VmObjects.vm;
import static io.virtnode.operator.devserver.apply.VmObjects.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** managedFields exactly as kube-apiserver serializes them, checked against the Kubernetes documentation's examples. */
@Tag("api")
class ManagedFieldsShapeTest {
  private static final String CONFIG_MAP = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: test-cm
        namespace: default
        labels:
          test-label: test
      data:
        key: some value
      """;

  private final ServerSideApply schemaless = new ServerSideApply(ListSemantics.atomicLists());

  @Test
  void theDocumentationsConfigMapExampleHasExactlyItsManagedFields() throws Exception {
    ObjectNode cm = schemaless.apply(null, yaml(CONFIG_MAP), "kubectl", false, "", Instant.parse("2010-10-10T00:00:00Z"));

    assertThat(cm.path("metadata").path("managedFields")).isEqualTo(json("""
        - manager: kubectl
          operation: Apply
          apiVersion: v1
          time: "2010-10-10T00:00:00Z"
          fieldsType: FieldsV1
          fieldsV1:
            f:metadata:
              f:labels:
                f:test-label: {}
            f:data:
              f:key: {}
        """));
    assertThat(JsonValues.toJson(cm.path("metadata").path("managedFields").get(0)))
        .isEqualTo("{\"manager\":\"kubectl\",\"operation\":\"Apply\",\"apiVersion\":\"v1\","
            + "\"time\":\"2010-10-10T00:00:00Z\",\"fieldsType\":\"FieldsV1\","
            + "\"fieldsV1\":{\"f:data\":{\"f:key\":{}},\"f:metadata\":{\"f:labels\":{\"f:test-label\":{}}}}}");
  }

  @Test
  void theDocumentationsTwoManagerExampleFollowsAnUpdateOfData() throws Exception {
    ObjectNode cm = schemaless.apply(null, yaml(CONFIG_MAP), "kubectl", false, "",
        Instant.parse("2019-03-30T15:00:00Z"));
    ObjectNode changed = cm.deepCopy();
    changed.with("data").put("key", "new value");
    ObjectNode next = schemaless.recordUpdate(cm, changed, "kube-controller-manager", "",
        Instant.parse("2019-03-30T16:00:00Z"));

    assertThat(next.path("metadata").path("managedFields")).isEqualTo(json("""
        - manager: kubectl
          operation: Apply
          apiVersion: v1
          time: "2019-03-30T15:00:00Z"
          fieldsType: FieldsV1
          fieldsV1:
            f:metadata:
              f:labels:
                f:test-label: {}
        - manager: kube-controller-manager
          operation: Update
          apiVersion: v1
          time: "2019-03-30T16:00:00Z"
          fieldsType: FieldsV1
          fieldsV1:
            f:data:
              f:key: {}
        """));
  }

  @Test
  void listMapKeysAreWrittenSortedByFieldName() throws Exception {
    ServerSideApply ports = new ServerSideApply(ListSemantics.fromSchema(yaml("""
        type: object
        properties:
          spec:
            type: object
            properties:
              ports:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [protocol, containerPort]
                items:
                  type: object
                  properties:
                    protocol: {type: string, default: TCP}
                    containerPort: {type: integer}
        """)));
    ObjectNode live = ports.apply(null, vm("{ports: [{containerPort: 80}]}"), "m", false, "", T1);

    assertThat(JsonValues.toJson(fieldsOf(live, "m", "Apply"))).isEqualTo(
        "{\"f:spec\":{\"f:ports\":{\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":"
            + "{\".\":{},\"f:containerPort\":{}}}}}");
  }

  @Test
  void anUpdateRecordsAddedObjectsThemselvesAsKubesCompareDoes() {
    ObjectNode created = vm("{cpus: 2}");
    created.with("metadata").set("labels", json("{\"app\": \"web\"}"));
    ObjectNode out = VmObjects.vmApply().recordUpdate(null, created, "virtnode", "", T1);

    assertThat(fieldsOf(out, "virtnode", "Update")).isEqualTo(json("""
        {"f:metadata": {"f:labels": {".": {}, "f:app": {}}}, "f:spec": {".": {}, "f:cpus": {}}}"""));
  }

  @Test
  void managedFieldsWrittenByKubeReadBackUnchanged() throws Exception {
    String kube = "{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},\"f:spec\":{\"f:disks\":"
        + "{\"k:{\\\"name\\\":\\\"root\\\"}\":{\".\":{},\"f:name\":{},\"f:path\":{}}},\"f:tags\":{\"v:\\\"a\\\"\":{}}}}";

    assertThat(JsonValues.toJson(FieldsV1.encode(FieldsV1.decode(json(kube))))).isEqualTo(kube);
  }

  @Test
  void entriesAreSortedByOperationThenTimeThenManager() throws Exception {
    ServerSideApply ssa = VmObjects.vmApply();
    ObjectNode live = ssa.apply(null, vm("{cpus: 2}"), "zeta", false, "", T2);
    ObjectNode edited = live.deepCopy();
    ((ObjectNode) edited.get("spec")).put("memory", "1Gi");
    live = ssa.recordUpdate(live, edited, "editor", "", T1);
    live = ssa.apply(live, vm("{tags: [x]}"), "alpha", false, "", T2);
    live = ssa.apply(live, vm("{args: [y]}"), "early", false, "", T1);

    assertThat(live.path("metadata").path("managedFields").findValuesAsText("manager"))
        .containsExactly("early", "alpha", "zeta", "editor");
  }

  @Test
  void anUpdateWithASingleEmptyEntryResetsManagedFieldsButAnEmptyListDoesNot() throws Exception {
    ServerSideApply ssa = VmObjects.vmApply();
    ObjectNode live = ssa.apply(null, vm("{cpus: 2}"), "gitops", false, "", T1);
    ObjectNode emptyList = live.deepCopy();
    emptyList.with("metadata").putArray("managedFields");
    ObjectNode reset = live.deepCopy();
    reset.with("metadata").putArray("managedFields").addObject();

    assertThat(fieldsOf(ssa.recordUpdate(live, emptyList, "client", "", T2), "gitops", "Apply")).isNotNull();
    assertThat(ssa.recordUpdate(live, reset, "client", "", T2).path("metadata").has("managedFields")).isFalse();
  }

  @Test
  void aConflictWithAStatusUpdaterNamesItsSubresourceAndVersion() throws Exception {
    ServerSideApply ssa = new ServerSideApply(ListSemantics.fromSchema(yaml(VmObjects.SCHEMA)), false);
    ObjectNode live = ssa.apply(null, vm("{cpus: 2}"), "gitops", false, "", T1);
    ObjectNode withState = live.deepCopy();
    withState.putObject("status").put("state", "Running");
    ObjectNode next = new ServerSideApply(ListSemantics.fromSchema(yaml(VmObjects.SCHEMA)))
        .recordUpdate(live, withState, "agent", "status", T2);
    ObjectNode apply = vm("{cpus: 2}");
    apply.putObject("status").put("state", "Stopped");

    assertThatThrownBy(() -> ssa.apply(next, apply, "gitops", false, "", T3))
        .hasMessage("Apply failed with 1 conflict: conflict with \"agent\" with subresource \"status\" using "
            + "virtnode.io/v1alpha1: .status.state");
  }

  @Test
  void aListMapItemWithoutItsKeyIsRefused() {
    assertThatThrownBy(() -> VmObjects.vmApply().apply(null, vm("{disks: [{path: /x}]}"), "m", false, "", T1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("omits all key fields [name]");
  }

  @Test
  void anApplyThatCarriesManagedFieldsIsRefused() throws Exception {
    ServerSideApply ssa = VmObjects.vmApply();
    ObjectNode live = ssa.apply(null, vm("{cpus: 2}"), "gitops", false, "", T1);
    ObjectNode config = vm("{cpus: 2}");
    config.with("metadata").set("managedFields", live.path("metadata").path("managedFields"));

    assertThatThrownBy(() -> ssa.apply(live, config, "gitops", false, "", T2))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("metadata.managedFields must be nil");
  }

  @Test
  void beyondTenUpdatersTheOldestMergeIntoAncientChanges() {
    ObjectNode live = schemaless.recordUpdate(null, yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"),
        "creator", "", Instant.EPOCH);
    for (int i = 1; i <= 11; i++) {
      ObjectNode next = live.deepCopy();
      next.with("data").put("k" + i, "v");
      live = schemaless.recordUpdate(live, next, "writer-" + i, "", Instant.EPOCH.plusSeconds(i));
    }

    assertThat(live.path("metadata").path("managedFields").findValuesAsText("manager")).hasSize(10)
        .startsWith("ancient-changes", "writer-3").doesNotContain("writer-1", "writer-2");
    assertThat(live.path("metadata").path("managedFields").get(0).path("fieldsV1")).isEqualTo(json(
        "{\"f:data\": {\".\": {}, \"f:k1\": {}, \"f:k2\": {}}}"));
  }
}
