package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.virtnode.operator.devserver.apply.Conflict;
import java.io.IOException;
import java.util.List;

/**
 * The apiserver's upgrade from client-side to server-side apply (its lastAppliedManager): when manager
 * "kubectl" applies, conflicts on fields the {@code kubectl.kubernetes.io/last-applied-configuration}
 * annotation holds with their live value are forgiven; if none remain, the apply is forced.
 */
final class LastAppliedUpgrade {
  static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

  private LastAppliedUpgrade() {
  }

  /** The conflicts that remain after forgiving those the last-applied configuration accounts for. */
  static List<Conflict> remaining(String manager, JsonNode live, List<Conflict> conflicts) {
    JsonNode lastApplied = lastApplied(manager, live);
    if (lastApplied == null) {
      return conflicts;
    }
    return conflicts.stream().filter(c -> {
      JsonNode was = at(lastApplied, c.field());
      return was.isMissingNode() || !was.equals(at(live, c.field()));
    }).toList();
  }

  private static JsonNode lastApplied(String manager, JsonNode live) {
    if (!"kubectl".equals(manager) || live == null) {
      return null;
    }
    String text = live.path("metadata").path("annotations").path(ANNOTATION).asText("");
    try {
      JsonNode lastApplied = text.isEmpty() ? null : ApplyPatches.JSON.readTree(text);
      return lastApplied != null && lastApplied.path("apiVersion").asText().equals(live.path("apiVersion").asText())
          ? lastApplied : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The node a printed field path ({@code .spec.disks[name="root"].path}, {@code [0]}, {@code [="a"]}) names. */
  static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    int i = 0;
    try {
      while (i < path.length() && !node.isMissingNode()) {
        if (path.charAt(i) == '.') {
          int end = i + 1;
          while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
            end++;
          }
          node = node.path(path.substring(i + 1, end));
          i = end;
        } else if (path.charAt(i) == '[') {
          int end = closing(path, i);
          node = element(node, path.substring(i + 1, end));
          i = end + 1;
        } else {
          return MissingNode.getInstance();
        }
      }
    } catch (IOException | RuntimeException e) {
      return MissingNode.getInstance();
    }
    return node;
  }

  private static int closing(String path, int open) {
    boolean quoted = false;
    for (int j = open + 1; j < path.length(); j++) {
      char ch = path.charAt(j);
      if (ch == '"' && path.charAt(j - 1) != '\\') {
        quoted = !quoted;
      } else if (ch == ']' && !quoted) {
        return j;
      }
    }
    throw new IllegalArgumentException("unbalanced path " + path);
  }

  private static JsonNode element(JsonNode list, String selector) throws IOException {
    if (!list.isArray()) {
      return MissingNode.getInstance();
    }
    if (selector.startsWith("=")) {
      JsonNode value = ApplyPatches.JSON.readTree(selector.substring(1));
      for (JsonNode e : list) {
        if (e.equals(value)) {
          return e;
        }
      }
      return MissingNode.getInstance();
    }
    if (selector.matches("\\d+")) {
      return list.path(Integer.parseInt(selector));
    }
    JsonNode keys = ApplyPatches.JSON.readTree("{" + selector.replaceAll("(^|,)([A-Za-z0-9_]+)=", "$1\"$2\":") + "}");
    for (JsonNode e : list) {
      boolean all = true;
      for (var k = keys.fields(); k.hasNext();) {
        var entry = k.next();
        all &= entry.getValue().equals(e.path(entry.getKey()));
      }
      if (all) {
        return e;
      }
    }
    return MissingNode.getInstance();
  }
}
