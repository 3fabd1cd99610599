package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Label selectors (equality and set-based: {@code =, ==, !=, in, notin, key, !key}) as predicates on
 * objects; field selectors are {@link FieldSelectors}.
 */
final class Selectors {
  private Selectors() {
  }

  static Predicate<JsonNode> labels(String selector) {
    Predicate<JsonNode> all = o -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    for (String requirement : split(selector)) {
      all = all.and(labelRequirement(requirement.trim()));
    }
    return all;
  }

  private static Predicate<JsonNode> labelRequirement(String r) {
    java.util.regex.Matcher set = java.util.regex.Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(r);
    if (set.matches()) {
      String key = set.group(1);
      Set<String> values = Arrays.stream(set.group(3).split(",")).map(String::trim).collect(Collectors.toSet());
      boolean in = set.group(2).equals("in");
      return o -> {
        JsonNode v = labelsOf(o).get(key);
        return in ? v != null && values.contains(v.asText()) : v == null || !values.contains(v.asText());
      };
    }
    if (r.contains("!=")) {
      String[] kv = r.split("!=", 2);
      return o -> !kv[1].trim().equals(labelsOf(o).path(kv[0].trim()).asText(null));
    }
    if (r.contains("=")) {
      String[] kv = r.split("==?", 2);
      return o -> kv[1].trim().equals(labelsOf(o).path(kv[0].trim()).asText(null));
    }
    if (r.startsWith("!")) {
      String key = r.substring(1).trim();
      return o -> !labelsOf(o).has(key);
    }
    return o -> labelsOf(o).has(r);
  }

  private static JsonNode labelsOf(JsonNode o) {
    return o.path("metadata").path("labels");
  }

  /** Splits on commas outside parentheses. */
  private static List<String> split(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : selector.toCharArray()) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }
}
