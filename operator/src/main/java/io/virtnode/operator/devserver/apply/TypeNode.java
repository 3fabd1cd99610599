package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The shape of a schema node as far as merging and field ownership go. */
sealed interface TypeNode {

  /**
   * An object: its declared fields, the type of any other key, atomic or granular. With keysNamed,
   * every key counts as a declared field (the shape assumed for types without a schema).
   */
  record MapType(Map<String, TypeNode> fields, TypeNode elementType, boolean atomic, boolean keysNamed)
      implements TypeNode {
    TypeNode fieldType(String key) {
      TypeNode t = fields.get(key);
      return t != null ? t : elementType;
    }

    boolean named(String key) {
      return keysNamed || fields.containsKey(key);
    }
  }

  /** How a list merges. */
  enum ListKind { ATOMIC, SET, MAP }

  /** A list: atomic, a set of scalars, or a map keyed by some fields of its items (with their defaults). */
  record ListType(ListKind kind, List<String> keys, Map<String, JsonNode> keyDefaults, TypeNode elementType)
      implements TypeNode {
  }

  /** A string, number or boolean, or anything owned as a whole. */
  record Scalar() implements TypeNode {
  }

  /** No schema: the shape is read from the value (objects granular, lists atomic). */
  record Deduced(boolean keysNamed) implements TypeNode {
  }

  /** The type to walk value with: deduced types and types the value does not match are read from the value. */
  static TypeNode resolve(TypeNode type, JsonNode value) {
    if (value == null || value.isNull()) {
      return type instanceof Deduced ? new Scalar() : type;
    }
    if (type instanceof MapType && value.isObject() || type instanceof ListType && value.isArray()
        || type instanceof Scalar) {
      return type;
    }
    boolean named = type instanceof Deduced d && d.keysNamed();
    if (value.isObject()) {
      return new MapType(Map.of(), new Deduced(named), false, named);
    }
    if (value.isArray()) {
      return new ListType(ListKind.ATOMIC, List.of(), Map.of(), new Deduced(named));
    }
    return new Scalar();
  }

  /** Resolves against whichever of the two values is present. */
  static TypeNode resolve(TypeNode type, JsonNode lhs, JsonNode rhs) {
    return resolve(type, rhs != null && !rhs.isNull() ? rhs : lhs);
  }
}
