package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset printer columns use: {@code .a.b}, {@code .a[0]}, {@code .a[*]} and
 * {@code .a[?(@.type=="Ready")].status}. Several results are joined with commas, as kubectl does.
 */
final class JsonPaths {
  private static final Pattern STEP = Pattern.compile(
      "\\.([A-Za-z0-9_\\-]+)|\\[(\\d+|\\*)]|\\[\\?\\(@\\.([A-Za-z0-9_.\\-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)]");

  private JsonPaths() {
  }

  static List<JsonNode> select(JsonNode root, String path) {
    List<JsonNode> current = List.of(root);
    Matcher m = STEP.matcher(path.trim());
    int at = 0;
    while (m.find() && m.start() == at) {
      at = m.end();
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        if (m.group(1) != null && node.has(m.group(1))) {
          next.add(node.get(m.group(1)));
        } else if (m.group(2) != null && node.isArray()) {
          if (m.group(2).equals("*")) {
            node.forEach(next::add);
          } else if (Integer.parseInt(m.group(2)) < node.size()) {
            next.add(node.get(Integer.parseInt(m.group(2))));
          }
        } else if (m.group(3) != null && node.isArray()) {
          for (JsonNode element : node) {
            JsonNode field = element;
            for (String part : m.group(3).split("\\.")) {
              field = field.path(part);
            }
            if (field.isValueNode() && field.asText().equals(m.group(4))) {
              next.add(element);
            }
          }
        }
      }
      current = next;
    }
    return at == path.trim().length() ? current : List.of();
  }
}
