package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtnode.operator.devserver.apply.TypeNode.ListKind;
import io.virtnode.operator.devserver.apply.TypeNode.ListType;
import io.virtnode.operator.devserver.apply.TypeNode.MapType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fields a value sets, as structured-merge-diff's ToFieldSet: every scalar, every atomic list or
 * map, every list item (and its fields), every undeclared map key, every empty or null value.
 */
final class FieldSetOf {
  private FieldSetOf() {
  }

  static FieldSet value(JsonNode value, TypeNode type) {
    FieldSet set = new FieldSet();
    walk(value, type, new ArrayList<>(), set);
    return set;
  }

  private static void walk(JsonNode value, TypeNode declared, List<PathElement> path, FieldSet set) {
    TypeNode type = TypeNode.resolve(declared, value);
    if (type instanceof MapType map) {
      if (map.atomic()) {
        set.insert(path);
        return;
      }
      for (var it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        List<PathElement> child = ListItems.append(path, new PathElement.Field(e.getKey()));
        JsonNode v = e.getValue();
        if (v.isNull()) {
          set.insert(child);
          continue;
        }
        walk(v, map.fieldType(e.getKey()), child, set);
        if (v.isObject() && v.isEmpty() || !map.named(e.getKey())) {
          set.insert(child);
        }
      }
    } else if (type instanceof ListType list) {
      if (list.kind() == ListKind.ATOMIC) {
        set.insert(path);
        return;
      }
      TreeSet<PathElement> seen = new TreeSet<>();
      TreeSet<PathElement> duplicates = new TreeSet<>();
      for (JsonNode item : value) {
        PathElement pe = ListItems.pathElement(list, item);
        if (!seen.add(pe) && duplicates.add(pe)) {
          set.insert(ListItems.append(path, pe));
        }
      }
      for (JsonNode item : value) {
        PathElement pe = ListItems.pathElement(list, item);
        if (duplicates.contains(pe)) {
          continue;
        }
        List<PathElement> child = ListItems.append(path, pe);
        walk(item, list.elementType(), child, set);
        set.insert(child);
      }
    } else {
      set.insert(path);
    }
  }

  /** Adds every declared field a path of the set goes through as a member, as EnsureNamedFieldsAreMembers. */
  static FieldSet withNamedFieldsAsMembers(FieldSet set, TypeNode declared) {
    TypeNode type = declared instanceof TypeNode.Deduced d
        ? new MapType(Map.of(), d, false, d.keysNamed()) : declared;
    FieldSet r = new FieldSet();
    set.members().forEach(r::insertMember);
    set.children().forEach((pe, child) -> {
      TypeNode childType = new TypeNode.Deduced(false);
      if (pe instanceof PathElement.Field f && type instanceof MapType map) {
        childType = map.fieldType(f.name());
        if (map.named(f.name())) {
          r.insertMember(pe);
        }
      } else if (pe instanceof PathElement.Key && type instanceof ListType list) {
        childType = list.elementType();
      }
      r.putChild(pe, withNamedFieldsAsMembers(child, childType));
    });
    return r;
  }
}
