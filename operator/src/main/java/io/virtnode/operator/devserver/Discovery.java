package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Legacy discovery documents (kubectl falls back to them when aggregated discovery is not offered):
 * {@code /version}, {@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<group>/<version>}.
 */
final class Discovery {
  private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
      "update", "watch");

  private final ResourceTypes types;

  Discovery(ResourceTypes types) {
    this.types = types;
  }

  /** The document for a discovery path, or empty when the path is not a discovery path. */
  Optional<ObjectNode> document(String path) {
    if (path.equals("/version")) {
      ObjectNode v = obj();
      v.put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0-virtnode-dev")
          .put("gitCommit", "").put("gitTreeState", "clean").put("buildDate", "2025-01-01T00:00:00Z")
          .put("goVersion", "go1.23").put("compiler", "gc").put("platform", "linux/amd64");
      return Optional.of(v);
    }
    if (path.equals("/api")) {
      ObjectNode v = obj().put("kind", "APIVersions");
      v.putArray("versions").add("v1");
      v.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
          .put("serverAddress", "127.0.0.1");
      return Optional.of(v);
    }
    if (path.equals("/apis")) {
      return Optional.of(groupList());
    }
    String groupVersion = path.equals("/api/v1") ? "v1" : path.startsWith("/apis/") ? path.substring(6) : null;
    if (groupVersion == null || groupVersion.chars().filter(c -> c == '/').count() != 1 && !groupVersion.equals("v1")) {
      return Optional.empty();
    }
    ArrayNode resources = obj().putArray("resources");
    types.all().stream().filter(t -> t.groupVersion().equals(groupVersion)).forEach(t ->
        addResource(resources, t.plural(), t.kind(), t.singular(), t.namespaced(), t.shortNames(),
            t.statusSubresource()));
    if (resources.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode list = obj().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", groupVersion);
    list.set("resources", resources);
    return Optional.of(list);
  }

  /** Every served group/version ("v1" for core) with its resources as (plural, kind, namespaced). */
  Map<String, List<String[]>> resourcesByGroupVersion() {
    Map<String, List<String[]>> result = new LinkedHashMap<>();
    types.all().forEach(t -> result.computeIfAbsent(t.groupVersion(), k -> new java.util.ArrayList<>())
        .add(new String[] {t.plural(), t.kind(), String.valueOf(t.namespaced())}));
    return result;
  }

  private ObjectNode groupList() {
    Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
    types.all().stream().filter(t -> !t.group().isEmpty()).forEach(t -> add(versionsByGroup, t.groupVersion()));
    ObjectNode list = obj().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    versionsByGroup.forEach((group, versions) -> {
      ObjectNode g = groups.addObject().put("name", group);
      ArrayNode vs = g.putArray("versions");
      versions.forEach(v -> vs.addObject().put("groupVersion", group + "/" + v).put("version", v));
      g.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0)).put("version", versions.get(0));
    });
    return list;
  }

  private static void add(Map<String, List<String>> versionsByGroup, String groupVersion) {
    String[] gv = groupVersion.split("/");
    List<String> versions = versionsByGroup.computeIfAbsent(gv[0], g -> new java.util.ArrayList<>());
    if (!versions.contains(gv[1])) {
      versions.add(gv[1]);
    }
  }

  private static void addResource(ArrayNode resources, String plural, String kind, String singular,
      boolean namespaced, List<String> shortNames, boolean status) {
    ObjectNode r = resources.addObject().put("name", plural).put("singularName", singular)
        .put("namespaced", namespaced).put("kind", kind);
    VERBS.forEach(r.putArray("verbs")::add);
    if (!shortNames.isEmpty()) {
      shortNames.forEach(r.putArray("shortNames")::add);
    }
    if (status) {
      ObjectNode s = resources.addObject().put("name", plural + "/status").put("singularName", "")
          .put("namespaced", namespaced).put("kind", kind);
      List.of("get", "patch", "update").forEach(s.putArray("verbs")::add);
    }
  }

  private static ObjectNode obj() {
    return ApplyPatches.JSON.createObjectNode();
  }
}
