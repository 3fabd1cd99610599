package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One step of a field path: a field name, a list-map item by key, a set item by value, or a list index. */
sealed interface PathElement extends Comparable<PathElement> {

  /** A field of an object: {@code f:name}, printed {@code .name}. */
  record Field(String name) implements PathElement {
  }

  /** An item of a list-map, named by its key fields sorted by name: {@code k:{"name":"root"}}. */
  record Key(List<KeyField> fields) implements PathElement {
    public Key {
      fields = fields.stream().sorted(Comparator.comparing(KeyField::name)).toList();
    }
  }

  /** One key field of a list-map item. */
  record KeyField(String name, JsonNode value) {
  }

  /** An item of a set, named by its value: {@code v:"a"}. */
  record Value(JsonNode value) implements PathElement {
  }

  /** An item of a list named by its position: {@code i:0} (kept for reading; never produced). */
  record Index(int index) implements PathElement {
  }

  private int rank() {
    if (this instanceof Field) {
      return 0;
    }
    if (this instanceof Key) {
      return 1;
    }
    return this instanceof Value ? 2 : 3;
  }

  @Override
  default int compareTo(PathElement o) {
    int r = Integer.compare(rank(), o.rank());
    if (r != 0) {
      return r;
    }
    if (this instanceof Field f) {
      return f.name().compareTo(((Field) o).name());
    }
    if (this instanceof Key k) {
      return compareKeys(k.fields(), ((Key) o).fields());
    }
    if (this instanceof Value v) {
      return JsonValues.compare(v.value(), ((Value) o).value());
    }
    return Integer.compare(((Index) this).index(), ((Index) o).index());
  }

  private static int compareKeys(List<KeyField> a, List<KeyField> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).name().compareTo(b.get(i).name());
      if (c == 0) {
        c = JsonValues.compare(a.get(i).value(), b.get(i).value());
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** The key under which this element appears in FieldsV1. */
  default String fieldsV1Key() {
    if (this instanceof Field f) {
      return "f:" + f.name();
    }
    if (this instanceof Key k) {
      ObjectNode o = JsonValues.JSON.createObjectNode();
      k.fields().forEach(kf -> o.set(kf.name(), kf.value()));
      return "k:" + JsonValues.toJson(o);
    }
    if (this instanceof Value v) {
      return "v:" + JsonValues.toJson(v.value());
    }
    return "i:" + ((Index) this).index();
  }

  /** Kube's printed path form: {@code .spec}, {@code [name="root"]}, {@code [="a"]}, {@code [0]}. */
  default String display() {
    if (this instanceof Field f) {
      return "." + f.name();
    }
    if (this instanceof Key k) {
      List<String> parts = new ArrayList<>();
      k.fields().forEach(kf -> parts.add(kf.name() + "=" + JsonValues.toDisplay(kf.value())));
      return "[" + String.join(",", parts) + "]";
    }
    if (this instanceof Value v) {
      return "[=" + JsonValues.toDisplay(v.value()) + "]";
    }
    return "[" + ((Index) this).index() + "]";
  }

  /** Parses a FieldsV1 key other than ".". */
  static PathElement parse(String key) {
    if (key.length() < 2 || key.charAt(1) != ':') {
      throw new IllegalArgumentException("invalid FieldsV1 key " + key);
    }
    String body = key.substring(2);
    try {
      switch (key.charAt(0)) {
        case 'f':
          return new Field(body);
        case 'k':
          JsonNode o = JsonValues.JSON.readTree(body);
          if (!o.isObject()) {
            throw new IllegalArgumentException("invalid FieldsV1 key " + key);
          }
          List<KeyField> fields = new ArrayList<>();
          o.fields().forEachRemaining(e -> fields.add(new KeyField(e.getKey(), e.getValue())));
          return new Key(fields);
        case 'v':
          return new Value(JsonValues.JSON.readTree(body));
        case 'i':
          return new Index(Integer.parseInt(body));
        default:
          throw new IllegalArgumentException("invalid FieldsV1 key " + key);
      }
    } catch (java.io.IOException | NumberFormatException e) {
      throw new IllegalArgumentException("invalid FieldsV1 key " + key, e);
    }
  }

  /** A path printed as kube prints it: {@code .spec.disks[name="root"].path}. */
  static String display(List<PathElement> path) {
    StringBuilder b = new StringBuilder();
    path.forEach(pe -> b.append(pe.display()));
    return b.toString();
  }
}
