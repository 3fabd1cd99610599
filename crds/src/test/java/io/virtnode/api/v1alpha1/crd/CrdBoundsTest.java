package io.virtnode.api.v1alpha1.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.api.v1alpha1.crd.GeneratedCrds.VersionSchema;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every string has a maxLength (or is an enum, which bounds it tighter), every list a maxItems, every map a
 * maxProperties: unbounded data makes the apiserver size it by the whole request and its CEL estimates explode.
 */
@Tag("api")
class CrdBoundsTest {
  static List<VersionSchema> schemas() {
    return GeneratedCrds.schemas();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemas")
  void everyStringListAndMapIsBounded(VersionSchema crd) {
    List<SchemaWalk.Node> nodes = SchemaWalk.nodes(crd.schema()).stream()
        .filter(n -> !n.path().equals("<root>") && !n.path().equals("metadata")).toList();
    assertThat(nodes).filteredOn(n -> n.schema().path("type").asText().equals("string"))
        .filteredOn(n -> !n.schema().has("maxLength") && !n.schema().path("enum").isArray())
        .extracting(SchemaWalk.Node::path).as("strings without maxLength in %s", crd).isEmpty();
    assertThat(nodes).filteredOn(n -> n.schema().path("type").asText().equals("array"))
        .filteredOn(n -> !n.schema().has("maxItems"))
        .extracting(SchemaWalk.Node::path).as("lists without maxItems in %s", crd).isEmpty();
    assertThat(nodes).filteredOn(n -> n.schema().has("additionalProperties"))
        .filteredOn(n -> !n.schema().has("maxProperties"))
        .extracting(SchemaWalk.Node::path).as("maps without maxProperties in %s", crd).isEmpty();
    assertThat(nodes).filteredOn(n -> n.schema().path("type").asText().equals("string"))
        .as("strings found").hasSizeGreaterThan(crd.virtualMachines() ? 20 : 10);
  }
}
