package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;

/** How the lists of one schema merge under server-side apply (atomic, set or map by keys). */
public final class ListSemantics {
  private final JsonNode schema;

  private ListSemantics(JsonNode schema) {
    this.schema = schema;
  }

  /** The list semantics an openAPIV3Schema declares through x-kubernetes-list-type/-map-keys. */
  public static ListSemantics fromSchema(JsonNode openAPIV3Schema) {
    return new ListSemantics(openAPIV3Schema);
  }

  JsonNode schema() {
    return schema;
  }
}
