package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtnode.operator.devserver.apply.TypeNode.ListKind;
import io.virtnode.operator.devserver.apply.TypeNode.ListType;
import io.virtnode.operator.devserver.apply.TypeNode.MapType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The fields one object version removed, modified and added relative to another, as
 * structured-merge-diff's Compare: leaves (scalars, atomic lists and maps) are modified when their
 * values differ; an added or removed subtree lists every path in it.
 */
record Comparison(FieldSet removed, FieldSet modified, FieldSet added) {

  static Comparison of(JsonNode lhs, JsonNode rhs, TypeNode type) {
    Comparison c = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
    c.walk(present(lhs), present(rhs), type, new ArrayList<>());
    return c;
  }

  Comparison filter(UnaryOperator<FieldSet> f) {
    return new Comparison(f.apply(removed), f.apply(modified), f.apply(added));
  }

  FieldSet changed() {
    return modified.union(added);
  }

  static JsonNode present(JsonNode v) {
    return v == null || v.isNull() || v.isMissingNode() ? null : v;
  }

  private void walk(JsonNode l, JsonNode r, TypeNode declared, List<PathElement> path) {
    if (l == null && r == null) {
      return;
    }
    TypeNode type = TypeNode.resolve(declared, l, r);
    boolean leaf;
    if (l != null && r != null && l.getNodeType() != r.getNodeType() && !(l.isNumber() && r.isNumber())) {
      leaf = true;
    } else if (type instanceof MapType map) {
      leaf = map.atomic() || isEmpty(l) && isEmpty(r);
      if (!leaf) {
        Set<String> keys = new LinkedHashSet<>();
        if (l != null) {
          l.fieldNames().forEachRemaining(keys::add);
        }
        if (r != null) {
          r.fieldNames().forEachRemaining(keys::add);
        }
        for (String k : keys) {
          walk(l == null ? null : present(l.get(k)), r == null ? null : present(r.get(k)), map.fieldType(k),
              ListItems.append(path, new PathElement.Field(k)));
        }
      }
    } else if (type instanceof ListType list) {
      leaf = list.kind() == ListKind.ATOMIC || isEmpty(l) && isEmpty(r);
      if (!leaf) {
        visitListItems(list, l, r, path);
      }
    } else {
      leaf = true;
    }
    if (leaf) {
      if (l == null) {
        added.insert(path);
      } else if (r == null) {
        removed.insert(path);
      } else if (!JsonValues.equal(l, r)) {
        modified.insert(path);
      }
    } else if (l == null) {
      added.insert(path);
    } else if (r == null) {
      removed.insert(path);
    }
  }

  private static boolean isEmpty(JsonNode v) {
    return v == null || v.isEmpty();
  }

  private void visitListItems(ListType list, JsonNode l, JsonNode r, List<PathElement> path) {
    List<PathElement> all = new ArrayList<>();
    TreeMap<PathElement, List<JsonNode>> lValues = index(list, l, all, null);
    TreeMap<PathElement, List<JsonNode>> rValues = index(list, r, all, lValues);
    for (PathElement pe : all) {
      List<JsonNode> lList = lValues.getOrDefault(pe, List.of());
      List<JsonNode> rList = rValues.getOrDefault(pe, List.of());
      List<PathElement> child = ListItems.append(path, pe);
      if (lList.size() <= 1 && rList.size() <= 1) {
        walk(lList.isEmpty() ? null : lList.get(0), rList.isEmpty() ? null : rList.get(0), list.elementType(), child);
      } else if (lList.size() >= 2 && rList.size() >= 2) {
        if (!sameItems(lList, rList)) {
          modified.insert(child);
        }
      } else if (lList.size() >= 2) {
        if (!rList.isEmpty()) {
          walk(null, rList.get(0), list.elementType(), child);
        }
        removed.insert(child);
      } else {
        if (!lList.isEmpty()) {
          walk(lList.get(0), null, list.elementType(), child);
        }
        added.insert(child);
      }
    }
  }

  private static TreeMap<PathElement, List<JsonNode>> index(ListType list, JsonNode values, List<PathElement> all,
      TreeMap<PathElement, List<JsonNode>> other) {
    TreeMap<PathElement, List<JsonNode>> out = new TreeMap<>();
    if (values == null) {
      return out;
    }
    for (JsonNode item : values) {
      PathElement pe = ListItems.pathElement(list, item);
      List<JsonNode> items = out.computeIfAbsent(pe, k -> new ArrayList<>());
      if (items.isEmpty() && (other == null || !other.containsKey(pe))) {
        all.add(pe);
      }
      items.add(item);
    }
    return out;
  }

  private static boolean sameItems(List<JsonNode> a, List<JsonNode> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!JsonValues.equal(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
