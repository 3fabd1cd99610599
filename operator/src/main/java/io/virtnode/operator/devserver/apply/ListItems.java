package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtnode.operator.devserver.apply.TypeNode.ListKind;
import io.virtnode.operator.devserver.apply.TypeNode.ListType;
import java.util.ArrayList;
import java.util.List;

/** Names the items of set and map lists: a set item by its value, a map item by its key fields. */
final class ListItems {
  private ListItems() {
  }

  static PathElement pathElement(ListType list, JsonNode item) {
    if (list.kind() == ListKind.SET) {
      if (item == null || !item.isValueNode() || item.isNull()) {
        throw new IllegalArgumentException("a list of type set may only hold scalars");
      }
      return new PathElement.Value(item);
    }
    if (item == null || item.isNull()) {
      throw new IllegalArgumentException("associative list with keys may not have a null element");
    }
    if (!item.isObject()) {
      throw new IllegalArgumentException("associative list with keys may not have non-map elements");
    }
    List<PathElement.KeyField> fields = new ArrayList<>();
    for (String key : list.keys()) {
      JsonNode v = item.get(key);
      if (v == null || v.isNull()) {
        v = list.keyDefaults().get(key);
      }
      if (v != null) {
        fields.add(new PathElement.KeyField(key, v));
      }
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("associative list with keys has an element that omits all key fields "
          + list.keys() + " (and doesn't have default values for any key fields)");
    }
    return new PathElement.Key(fields);
  }

  static List<PathElement> append(List<PathElement> path, PathElement pe) {
    List<PathElement> p = new ArrayList<>(path.size() + 1);
    p.addAll(path);
    p.add(pe);
    return p;
  }
}
