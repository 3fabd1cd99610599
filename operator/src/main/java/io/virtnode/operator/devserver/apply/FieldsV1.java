package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/** The FieldsV1 encoding of a field set, byte for byte as structured-merge-diff writes it. */
final class FieldsV1 {
  private FieldsV1() {
  }

  static ObjectNode encode(FieldSet set) {
    ObjectNode out = JsonValues.JSON.createObjectNode();
    emit(set, false, out);
    return out;
  }

  private static void emit(FieldSet set, boolean includeSelf, ObjectNode out) {
    if (includeSelf && !set.isEmpty()) {
      out.putObject(".");
    }
    TreeSet<PathElement> all = new TreeSet<>(set.members());
    all.addAll(set.children().keySet());
    for (PathElement pe : all) {
      FieldSet child = set.child(pe);
      ObjectNode node = out.putObject(pe.fieldsV1Key());
      if (child != null) {
        emit(child, set.members().contains(pe), node);
      }
    }
  }

  /** Reads FieldsV1; throws IllegalArgumentException on a malformed key. */
  static FieldSet decode(JsonNode fields) {
    FieldSet set = new FieldSet();
    if (fields == null || !fields.isObject()) {
      return set;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equals(".")) {
        continue;
      }
      PathElement pe = PathElement.parse(e.getKey());
      JsonNode value = e.getValue();
      if (!value.isObject() || value.isEmpty() || value.has(".")) {
        set.insertMember(pe);
      }
      set.putChild(pe, decode(value));
    }
    return set;
  }
}
