package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Server-side printing: a meta.k8s.io/v1 Table with Name plus the CRD's additionalPrinterColumns,
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

  static ObjectNode render(CrdInfo crd, JsonNode listOrObject, String includeObject) {
    ObjectNode table = ApplyPatches.JSON.createObjectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = table.putObject("metadata");
    if (listOrObject.path("metadata").has("resourceVersion") && listOrObject.has("items")) {
      meta.put("resourceVersion", listOrObject.path("metadata").path("resourceVersion").asText());
    }
    ArrayNode columns = table.putArray("columnDefinitions");
    columns.addObject().put("name", "Name").put("type", "string").put("format", "name")
        .put("description", "Name must be unique within a namespace.").put("priority", 0);
    crd.printerColumns().forEach(c -> columns.addObject().put("name", c.getName()).put("type", c.getType())
        .put("format", c.getFormat() == null ? "" : c.getFormat())
        .put("description", c.getDescription() == null ? "" : c.getDescription())
        .put("priority", c.getPriority() == null ? 0 : c.getPriority()));
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> items = listOrObject.has("items") ? iterable(listOrObject.get("items")) : List.of(listOrObject);
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(item.path("metadata").path("name").asText());
      crd.printerColumns().forEach(c -> cells.add(cell(item, c.getJsonPath())));
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
