package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.operator.devserver.apply.TypeNode.ListKind;
import io.virtnode.operator.devserver.apply.TypeNode.ListType;
import io.virtnode.operator.devserver.apply.TypeNode.MapType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Merges an applied configuration into the live object, as structured-merge-diff's Merge: granular
 * maps key by key, set and map lists item by item (keeping the live order, the applied order for
 * shared items), everything else replaced. A null in the configuration removes the value.
 */
final class ObjectMerge {
  /** Marks a live item whose key occurs more than once: it is not merged with the applied item. */
  private static final JsonNode DUPLICATE = JsonValues.JSON.getNodeFactory().missingNode();

  private ObjectMerge() {
  }

  static JsonNode merge(JsonNode lhs, JsonNode rhs, TypeNode declared) {
    if (rhs != null && rhs.isNull()) {
      return null;
    }
    JsonNode l = Comparison.present(lhs);
    if (rhs == null || rhs.isMissingNode()) {
      return l == null ? null : l.deepCopy();
    }
    if (l == null || l.getNodeType() != rhs.getNodeType()) {
      return withoutNulls(rhs);
    }
    TypeNode type = TypeNode.resolve(declared, l, rhs);
    if (type instanceof MapType map && !map.atomic() && !(l.isEmpty() && rhs.isEmpty())) {
      return mergeMaps(map, (ObjectNode) l, (ObjectNode) rhs);
    }
    if (type instanceof ListType list && list.kind() != ListKind.ATOMIC && !(l.isEmpty() && rhs.isEmpty())) {
      return mergeLists(list, l, rhs);
    }
    return withoutNulls(rhs);
  }

  private static ObjectNode mergeMaps(MapType map, ObjectNode l, ObjectNode r) {
    ObjectNode out = JsonValues.JSON.createObjectNode();
    l.fields().forEachRemaining(e -> {
      JsonNode v = merge(e.getValue(), r.get(e.getKey()), map.fieldType(e.getKey()));
      if (v != null) {
        out.set(e.getKey(), v);
      }
    });
    r.fields().forEachRemaining(e -> {
      if (!l.has(e.getKey())) {
        JsonNode v = merge(null, e.getValue(), map.fieldType(e.getKey()));
        if (v != null) {
          out.set(e.getKey(), v);
        }
      }
    });
    return out;
  }

  private static ArrayNode mergeLists(ListType list, JsonNode lhs, JsonNode rhs) {
    List<PathElement> rhsPes = new ArrayList<>();
    TreeMap<PathElement, JsonNode> observedRhs = new TreeMap<>();
    for (JsonNode item : rhs) {
      PathElement pe = ListItems.pathElement(list, item);
      if (observedRhs.put(pe, item) != null) {
        throw new IllegalArgumentException("duplicate entries for key " + pe.display());
      }
      rhsPes.add(pe);
    }
    List<PathElement> lhsPes = new ArrayList<>();
    TreeMap<PathElement, JsonNode> observedLhs = new TreeMap<>();
    for (JsonNode item : lhs) {
      PathElement pe = ListItems.pathElement(list, item);
      observedLhs.put(pe, observedLhs.containsKey(pe) ? DUPLICATE : item);
      lhsPes.add(pe);
    }
    Deque<PathElement> sharedOrder = new ArrayDeque<>();
    rhsPes.stream().filter(observedLhs::containsKey).forEach(sharedOrder::add);
    PathElement nextShared = sharedOrder.poll();
    TreeSet<PathElement> mergedRhs = new TreeSet<>();
    ArrayNode out = JsonValues.JSON.createArrayNode();
    int li = 0;
    int ri = 0;
    while (li < lhsPes.size() || ri < rhsPes.size()) {
      if (li < lhsPes.size() && ri < rhsPes.size()) {
        PathElement pe = lhsPes.get(li);
        if (pe.compareTo(rhsPes.get(ri)) == 0) {
          mergedRhs.add(pe);
          add(out, merge(live(observedLhs, pe), observedRhs.get(pe), list.elementType()));
          li++;
          ri++;
          nextShared = sharedOrder.poll();
          continue;
        }
        if (observedRhs.containsKey(pe) && nextShared != null && nextShared.compareTo(pe) != 0) {
          li++;
          continue;
        }
      }
      if (li < lhsPes.size()) {
        PathElement pe = lhsPes.get(li);
        if (!observedRhs.containsKey(pe)) {
          add(out, merge(lhs.get(li), null, list.elementType()));
          li++;
          continue;
        } else if (mergedRhs.contains(pe)) {
          li++;
        }
      }
      if (ri < rhsPes.size()) {
        PathElement pe = rhsPes.get(ri);
        mergedRhs.add(pe);
        add(out, merge(live(observedLhs, pe), observedRhs.get(pe), list.elementType()));
        ri++;
        if (nextShared != null && nextShared.compareTo(pe) == 0) {
          nextShared = sharedOrder.poll();
        }
      }
    }
    return out;
  }

  private static JsonNode live(TreeMap<PathElement, JsonNode> observed, PathElement pe) {
    JsonNode v = observed.get(pe);
    return v == DUPLICATE ? null : v;
  }

  private static void add(ArrayNode out, JsonNode v) {
    if (v != null) {
      out.add(v);
    }
  }

  /** A copy with every null-valued object field dropped. */
  static JsonNode withoutNulls(JsonNode v) {
    if (v.isObject()) {
      ObjectNode out = JsonValues.JSON.createObjectNode();
      v.fields().forEachRemaining(e -> {
        if (!e.getValue().isNull()) {
          out.set(e.getKey(), withoutNulls(e.getValue()));
        }
      });
      return out;
    }
    if (v.isArray()) {
      ArrayNode out = JsonValues.JSON.createArrayNode();
      v.forEach(e -> out.add(withoutNulls(e)));
      return out;
    }
    return v.deepCopy();
  }
}
