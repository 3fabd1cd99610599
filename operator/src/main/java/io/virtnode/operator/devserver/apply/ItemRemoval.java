package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.operator.devserver.apply.TypeNode.ListKind;
import io.virtnode.operator.devserver.apply.TypeNode.ListType;
import io.virtnode.operator.devserver.apply.TypeNode.MapType;
import java.util.Map;

/**
 * Removes the fields and items of a set from a value, as structured-merge-diff's RemoveItems: a
 * member goes with everything under it. A map or list whose every entry went is dropped itself.
 */
final class ItemRemoval {
  private ItemRemoval() {
  }

  /** The value without the paths of toRemove; null when nothing of a map or list is left. */
  static JsonNode remove(JsonNode value, FieldSet toRemove, TypeNode declared) {
    TypeNode type = TypeNode.resolve(declared, value);
    if (value.isEmpty() || toRemove.isEmpty()) {
      return value;
    }
    if (type instanceof MapType map && !map.atomic()) {
      ObjectNode out = JsonValues.JSON.createObjectNode();
      int kept = 0;
      for (var it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        PathElement pe = new PathElement.Field(e.getKey());
        if (toRemove.members().contains(pe)) {
          continue;
        }
        kept++;
        FieldSet under = toRemove.child(pe);
        JsonNode v = under == null ? e.getValue() : remove(e.getValue(), under, map.fieldType(e.getKey()));
        if (v != null) {
          out.set(e.getKey(), v);
        }
      }
      return kept == 0 ? null : out;
    }
    if (type instanceof ListType list && list.kind() != ListKind.ATOMIC) {
      ArrayNode out = JsonValues.JSON.createArrayNode();
      for (JsonNode item : value) {
        PathElement pe = ListItems.pathElement(list, item);
        if (toRemove.members().contains(pe)) {
          continue;
        }
        FieldSet under = toRemove.child(pe);
        JsonNode v = under == null ? item : remove(item, under, list.elementType());
        if (v != null) {
          out.add(v);
        }
      }
      return out.isEmpty() ? null : out;
    }
    return value;
  }
}
