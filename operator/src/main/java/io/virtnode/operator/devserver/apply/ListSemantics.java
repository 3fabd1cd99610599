package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How lists in a resource's schema merge: atomic, set, or map keyed by fields (from
 * x-kubernetes-list-type / -list-map-keys / x-kubernetes-map-type).
 */
public sealed interface ListSemantics permits SchemaTypes {

  /**
   * From a CRD version's schema.openAPIV3Schema; metadata always has ObjectMeta's semantics. A
   * missing or empty schema gives {@link #atomicLists()}.
   */
  static ListSemantics fromSchema(JsonNode openApiV3Schema) {
    return SchemaTypes.fromSchema(openApiV3Schema);
  }

  /** For types without a schema: every list atomic, every object merged key by key. */
  static ListSemantics atomicLists() {
    return SchemaTypes.schemaless();
  }
}
