package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Just enough OpenAPI v3 for kubectl: each group/version document lists the PATCH operations with
 * their group-version-kind and the {@code fieldValidation} parameter, so kubectl leaves validation to
 * the server (which does it from the CRD schema) instead of asking for /openapi/v2 schemas. No schemas
 * are published, so kubectl's client-side apply falls back to JSON merge patch for custom resources.
 */
final class OpenApiV3 {
  private final Discovery discovery;

  OpenApiV3(Discovery discovery) {
    this.discovery = discovery;
  }

  Optional<ObjectNode> document(String path) {
    Map<String, List<String[]>> resources = discovery.resourcesByGroupVersion();
    if (path.equals("/openapi/v3")) {
      ObjectNode root = ApplyPatches.JSON.createObjectNode();
      ObjectNode paths = root.putObject("paths");
      resources.keySet().forEach(gv -> paths.putObject(prefix(gv))
          .put("serverRelativeURL", "/openapi/v3/" + prefix(gv) + "?hash=" + Integer.toHexString(resources.hashCode())));
      return Optional.of(root);
    }
    String gv = path.startsWith("/openapi/v3/api/") ? path.substring("/openapi/v3/api/".length())
        : path.startsWith("/openapi/v3/apis/") ? path.substring("/openapi/v3/apis/".length()) : null;
    if (gv == null || !resources.containsKey(gv)) {
      return Optional.empty();
    }
    ObjectNode doc = ApplyPatches.JSON.createObjectNode().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    ObjectNode paths = doc.putObject("paths");
    String group = gv.contains("/") ? gv.substring(0, gv.indexOf('/')) : "";
    String version = gv.substring(gv.indexOf('/') + 1);
    for (String[] r : resources.get(gv)) {
      String objectPath = "/" + prefix(gv) + (Boolean.parseBoolean(r[2]) ? "/namespaces/{namespace}/" : "/") + r[0]
          + "/{name}";
      ObjectNode patch = paths.putObject(objectPath).putObject("patch");
      patch.putObject("x-kubernetes-group-version-kind").put("group", group).put("version", version).put("kind", r[1]);
      patch.putArray("parameters").addObject().put("name", "fieldValidation").put("in", "query")
          .putObject("schema").put("type", "string");
      patch.putObject("responses");
    }
    doc.putObject("components").putObject("schemas");
    return Optional.of(doc);
  }

  private static String prefix(String groupVersion) {
    return groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
  }
}
