package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Ordering, equality and printing of JSON values the way structured-merge-diff's value package does them. */
final class JsonValues {
  static final ObjectMapper JSON = new ObjectMapper();

  private JsonValues() {
  }

  /** Total order: floats and ints numerically first, then strings, booleans, lists, maps, null. */
  static int compare(JsonNode a, JsonNode b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    return switch (ra) {
      case 0 -> a.isIntegralNumber() && b.isIntegralNumber()
          ? a.bigIntegerValue().compareTo(b.bigIntegerValue()) : Double.compare(a.doubleValue(), b.doubleValue());
      case 1 -> a.textValue().compareTo(b.textValue());
      case 2 -> Boolean.compare(a.booleanValue(), b.booleanValue());
      case 3 -> compareLists(a, b);
      case 4 -> compareMaps(a, b);
      default -> 0;
    };
  }

  static boolean equal(JsonNode a, JsonNode b) {
    return compare(a, b) == 0;
  }

  private static int rank(JsonNode n) {
    if (n.isNumber()) {
      return 0;
    }
    if (n.isTextual()) {
      return 1;
    }
    if (n.isBoolean()) {
      return 2;
    }
    if (n.isArray()) {
      return 3;
    }
    if (n.isObject()) {
      return 4;
    }
    return 5;
  }

  private static int compareLists(JsonNode a, JsonNode b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareMaps(JsonNode a, JsonNode b) {
    List<String> ka = sortedKeys(a);
    List<String> kb = sortedKeys(b);
    for (int i = 0; i < Math.min(ka.size(), kb.size()); i++) {
      int c = ka.get(i).compareTo(kb.get(i));
      if (c != 0) {
        return c;
      }
      c = compare(a.get(ka.get(i)), b.get(kb.get(i)));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(ka.size(), kb.size());
  }

  static List<String> sortedKeys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    keys.sort(null);
    return keys;
  }

  /** Compact JSON, as Go's encoder writes it. */
  static String toJson(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The printed form used in field paths: strings quoted, numbers and booleans bare. */
  static String toDisplay(JsonNode n) {
    if (n.isNull()) {
      return "null";
    }
    if (n.isTextual()) {
      return toJson(n);
    }
    if (n.isArray()) {
      List<String> parts = new ArrayList<>();
      n.forEach(e -> parts.add(toDisplay(e)));
      return "[" + String.join(",", parts) + "]";
    }
    if (n.isObject()) {
      StringBuilder b = new StringBuilder();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        var e = it.next();
        b.append(e.getKey()).append('=').append(toDisplay(e.getValue()));
      }
      return b.toString();
    }
    return n.asText();
  }
}
