package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.util.List;
import java.util.Locale;

/**
 * Server-side printing: a meta.k8s.io/v1 Table with Name plus the CRD's additionalPrinterColumns (or
 * the built-in resource's columns),
 * as the apiserver returns it for {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}.
 */
final class TableRenderer {
  private TableRenderer() {
  }

  /** True when the Accept header's first acceptable type is a v1 Table. */
  static boolean wantsTable(String accept) {
    if (accept == null) {
      return false;
    }
    for (String type : accept.split(",")) {
      String t = type.toLowerCase(Locale.ROOT).replace(" ", "");
      if (t.contains("as=table") && (t.contains("v=v1;") || t.endsWith("v=v1")) && t.contains("g=meta.k8s.io")) {
        return true;
      }
      if (t.startsWith("application/json") || t.startsWith("*/*")) {
        return false;
      }
    }
    return false;
  }

  static ObjectNode render(ResourceType type, JsonNode listOrObject, String includeObject, Instant now) {
    ObjectNode table = ApplyPatches.JSON.createObjectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = table.putObject("metadata");
    if (listOrObject.path("metadata").has("resourceVersion") && listOrObject.has("items")) {
      meta.put("resourceVersion", listOrObject.path("metadata").path("resourceVersion").asText());
    }
    ArrayNode columns = table.putArray("columnDefinitions");
    columns.addObject().put("name", "Name").put("type", "string").put("format", "name")
        .put("description", "Name must be unique within a namespace.").put("priority", BuiltinColumns.namePriority(type));
    List<CustomResourceColumnDefinition> printerColumns = type.printerColumns();
    printerColumns.forEach(c -> columns.addObject().put("name", c.getName()).put("type", c.getType())
        .put("format", c.getFormat() == null ? "" : c.getFormat())
        .put("description", c.getDescription() == null ? "" : c.getDescription())
        .put("priority", c.getPriority() == null ? 0 : c.getPriority()));
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> items = listOrObject.has("items") ? iterable(listOrObject.get("items")) : List.of(listOrObject);
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(item.path("metadata").path("name").asText());
      printerColumns.forEach(c -> cells.add("date".equals(c.getType())
          ? age(cell(item, c.getJsonPath()), now) : cell(item, c.getJsonPath())));
      row.set("object", rowObject(item, includeObject));
    }
    return table;
  }

  private static JsonNode cell(JsonNode item, String jsonPath) {
    List<JsonNode> values = JsonPaths.select(item, jsonPath);
    if (values.isEmpty()) {
      return ApplyPatches.JSON.nullNode();
    }
    if (values.size() == 1) {
      return values.get(0);
    }
    return ApplyPatches.JSON.getNodeFactory().textNode(
        String.join(",", values.stream().map(v -> v.isValueNode() ? v.asText() : v.toString()).toList()));
  }

  /** Date columns are rendered by the server as a human-readable age, like the apiserver does. */
  private static JsonNode age(JsonNode timestamp, Instant now) {
    if (!timestamp.isTextual()) {
      return timestamp.isNull() ? ApplyPatches.JSON.getNodeFactory().textNode("<unknown>") : timestamp;
    }
    try {
      Duration d = Duration.between(Instant.parse(timestamp.asText()), now);
      return ApplyPatches.JSON.getNodeFactory().textNode(humanDuration(d));
    } catch (DateTimeParseException e) {
      return ApplyPatches.JSON.getNodeFactory().textNode("<invalid>");
    }
  }

  /** k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
    } else if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      return hours % 24 == 0 ? hours / 24 + "d" : hours / 24 + "d" + hours % 24 + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }

  private static JsonNode rowObject(JsonNode item, String includeObject) {
    if ("None".equals(includeObject)) {
      return ApplyPatches.JSON.nullNode();
    }
    if ("Object".equals(includeObject)) {
      return item;
    }
    ObjectNode partial = ApplyPatches.JSON.createObjectNode();
    partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", item.path("metadata"));
    return partial;
  }

  private static List<JsonNode> iterable(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false).toList();
  }
}
