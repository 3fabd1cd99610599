package io.virtnode.operator.devserver.apply;

import static io.virtnode.operator.devserver.apply.VmObjects.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Cases of sigs.k8s.io/structured-merge-diff's merge tests, replayed: same operations, same objects and owners. */
@Tag("api")
class StructuredMergeDiffCasesTest {
  private static final String SCHEMA = """
      type: object
      properties:
        list:
          type: array
          x-kubernetes-list-type: map
          x-kubernetes-list-map-keys: [name]
          items: {type: object, properties: {name: {type: string}, value: {type: integer}}}
        listOfLists:
          type: array
          x-kubernetes-list-type: map
          x-kubernetes-list-map-keys: [name]
          items:
            type: object
            properties:
              name: {type: string}
              value: {type: array, x-kubernetes-list-type: set, items: {type: string}}
        set: {type: array, x-kubernetes-list-type: set, items: {type: string}}
        numeric: {type: integer}
        struct:
          type: object
          properties:
            name: {type: string}
            scalarField: {type: string}
            complexField: {type: object, properties: {name: {type: string}}}
      """;

  private final ServerSideApply ssa = new ServerSideApply(ListSemantics.fromSchema(yaml(SCHEMA)));
  private ObjectNode live;
  private int tick;

  private void apply(String manager, String object) throws ApplyConflictException {
    live = ssa.apply(live, obj(object), manager, false, "", Instant.EPOCH.plusSeconds(++tick));
  }

  private void update(String manager, String object) {
    ObjectNode after = obj(object);
    if (live != null) {
      after.with("metadata").set("managedFields", live.path("metadata").path("managedFields"));
    }
    live = ssa.recordUpdate(live, after, manager, "", Instant.EPOCH.plusSeconds(++tick));
  }

  private static ObjectNode obj(String body) {
    ObjectNode o = yaml("apiVersion: v1\nkind: T\nmetadata: {name: x}\n" + body);
    return o;
  }

  private void assertObject(String body) {
    ObjectNode expected = obj(body);
    ObjectNode actual = ServerSideApply.withoutManagedFields(live);
    assertThat(actual).isEqualTo(expected);
  }

  /** Owned paths per manager, in kube's printed form. */
  private Map<String, List<String>> owners() {
    Map<String, List<String>> out = new TreeMap<>();
    for (JsonNode e : live.path("metadata").path("managedFields")) {
      out.put(e.path("manager").asText(), FieldsV1.decode(e.get("fieldsV1")).paths().stream()
          .map(PathElement::display).sorted().toList());
    }
    return out;
  }

  @Test
  void removeOne() throws Exception {
    apply("apply-one", "list: [{name: a}, {name: b}]");
    apply("apply-two", "list: [{name: c}]");
    apply("apply-one", "list: [{name: a}]");

    assertObject("list: [{name: a}, {name: c}]");
    assertThat(owners()).isEqualTo(Map.of(
        "apply-one", List.of(".list[name=\"a\"]", ".list[name=\"a\"].name"),
        "apply-two", List.of(".list[name=\"c\"]", ".list[name=\"c\"].name")));
  }

  @Test
  void changeValueYesConflict() throws Exception {
    apply("apply-one", "list: [{name: a, value: 0}]");

    assertThatThrownBy(() -> apply("apply-two", "list: [{name: a, value: 1}]"))
        .isInstanceOfSatisfying(ApplyConflictException.class, e -> assertThat(e.conflicts())
            .containsExactly(new Conflict("apply-one", ".list[name=\"a\"].value")));
  }

  @Test
  void unsetScalarSharedWithUpdater() throws Exception {
    update("updater", "struct: {name: a, scalarField: a}");
    apply("applier", "struct: {name: a, scalarField: a}");
    apply("applier", "struct: {name: a}");

    assertObject("struct: {name: a, scalarField: a}");
    assertThat(owners()).isEqualTo(Map.of(
        "updater", List.of(".struct", ".struct.name", ".struct.scalarField"),
        "applier", List.of(".struct.name")));
  }

  @Test
  void updaterClaimsField() throws Exception {
    apply("applier", "struct: {name: a, scalarField: a}");
    update("updater", "struct: {name: a, scalarField: b}");

    assertThat(owners()).isEqualTo(Map.of(
        "updater", List.of(".struct.scalarField"),
        "applier", List.of(".struct.name")));
  }

  @Test
  void unsetComplexSoleOwner() throws Exception {
    apply("apply-one", "struct: {name: a, complexField: {name: b}}");
    apply("apply-one", "struct: {name: a}");

    assertObject("struct: {name: a}");
    assertThat(owners()).isEqualTo(Map.of("apply-one", List.of(".struct.name")));
  }

  @Test
  void removeOneKeepOneWithDanglingSubitem() throws Exception {
    apply("apply-one", "listOfLists: [{name: a}, {name: b, value: [c]}]");
    apply("apply-two", "listOfLists: [{name: b, value: [d]}]");
    update("controller", "listOfLists: [{name: a}, {name: b, value: [c, d, e]}]");
    apply("apply-one", "listOfLists: [{name: a}]");

    assertObject("listOfLists: [{name: a}, {name: b, value: [d, e]}]");
    assertThat(owners()).isEqualTo(Map.of(
        "apply-one", List.of(".listOfLists[name=\"a\"]", ".listOfLists[name=\"a\"].name"),
        "apply-two", List.of(".listOfLists[name=\"b\"]", ".listOfLists[name=\"b\"].name",
            ".listOfLists[name=\"b\"].value[=\"d\"]"),
        "controller", List.of(".listOfLists[name=\"b\"].value[=\"e\"]")));
  }

  @Test
  void setApplyUpdateApplyNoOverlapKeepsEachOwnersItemsInOrder() throws Exception {
    apply("default", "set: [a, c]");
    update("controller", "set: [a, b, c, d]");
    apply("default", "set: [a, aprime, c, cprime]");

    assertObject("set: [a, b, aprime, c, d, cprime]");
    assertThat(owners()).isEqualTo(Map.of(
        "default", List.of(".set[=\"a\"]", ".set[=\"aprime\"]", ".set[=\"c\"]", ".set[=\"cprime\"]"),
        "controller", List.of(".set[=\"b\"]", ".set[=\"d\"]")));
  }

  @Test
  void updateThenApplyThatOmitsTheFieldLeavesTheUpdatersValue() throws Exception {
    apply("default", "numeric: 2");
    update("controller", "numeric: 1");
    apply("default", "");

    assertObject("numeric: 1");
    assertThat(owners()).isEqualTo(Map.of("controller", List.of(".numeric")));
  }
}
