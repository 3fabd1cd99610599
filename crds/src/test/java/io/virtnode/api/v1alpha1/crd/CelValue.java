package io.virtnode.api.v1alpha1.crd;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the cost estimator knows of one CEL sub-expression: its estimated maximum cost, the maximum size of its
 * value (string bytes, list items, map entries; 1 for scalars) and its type, with the schema node it reads when it
 * reads the object.
 */
record CelValue(long cost, long size, Type type, JsonNode schema) {
  /** CEL types the estimator distinguishes. */
  enum Type { BOOL, INT, UINT, DOUBLE, STRING, BYTES, LIST, MAP, OBJECT, NULL, TIMESTAMP, DURATION, DYN;

    boolean scalar() {
      return this == BOOL || this == INT || this == UINT || this == DOUBLE || this == TIMESTAMP || this == DURATION;
    }

    /** cel-go computeTypeSize: 1 for a scalar, unknown otherwise. */
    long typeSize() {
      return scalar() ? 1 : CelSizes.UNKNOWN;
    }
  }

  /** A value read from the object: its size is the apiserver's estimate for the schema node. */
  static CelValue read(long cost, JsonNode schema) {
    return new CelValue(cost, CelSizes.maxElements(schema), typeOf(schema), schema);
  }

  /** A computed value of a type, sized as cel-go sizes values it has no path for. */
  static CelValue computed(long cost, Type type) {
    return new CelValue(cost, type.typeSize(), type, null);
  }

  CelValue withCost(long newCost) {
    return new CelValue(newCost, size, type, schema);
  }

  static Type typeOf(JsonNode schema) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) return Type.DYN;
    return switch (schema.path("type").asText("")) {
      case "integer" -> Type.INT;
      case "number" -> Type.DOUBLE;
      case "boolean" -> Type.BOOL;
      case "array" -> Type.LIST;
      case "object" -> schema.path("additionalProperties").isObject() ? Type.MAP : Type.OBJECT;
      case "string" -> switch (schema.path("format").asText("")) {
        case "date", "date-time" -> Type.TIMESTAMP;
        case "duration" -> Type.DURATION;
        case "byte" -> Type.BYTES;
        default -> Type.STRING;
      };
      default -> Type.DYN;
    };
  }
}
