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

  /** A built-in resource: group/version, plural, kind, namespaced, short names, has status. */
  private record Builtin(String groupVersion, String plural, String kind, boolean namespaced,
      List<String> shortNames, boolean status) {
  }

  private static final List<Builtin> BUILTINS = List.of(
      new Builtin("v1", "namespaces", "Namespace", false, List.of("ns"), true),
      new Builtin("v1", "nodes", "Node", false, List.of("no"), true),
      new Builtin("v1", "events", "Event", true, List.of("ev"), false),
      new Builtin("v1", "configmaps", "ConfigMap", true, List.of("cm"), false),
      new Builtin("v1", "secrets", "Secret", true, List.of(), false),
      new Builtin("v1", "pods", "Pod", true, List.of("po"), true),
      new Builtin("v1", "services", "Service", true, List.of("svc"), true),
      new Builtin("v1", "serviceaccounts", "ServiceAccount", true, List.of("sa"), false),
      new Builtin("apiextensions.k8s.io/v1", "customresourcedefinitions", "CustomResourceDefinition", false,
          List.of("crd", "crds"), true),
      new Builtin("coordination.k8s.io/v1", "leases", "Lease", true, List.of(), false),
      new Builtin("events.k8s.io/v1", "events", "Event", true, List.of("ev"), false));

  private final CrdRegistry crds;

  Discovery(CrdRegistry crds) {
    this.crds = crds;
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
    BUILTINS.stream().filter(b -> b.groupVersion().equals(groupVersion)).forEach(b ->
        addResource(resources, b.plural(), b.kind(), b.plural().replaceAll("s$", ""), b.namespaced(),
            b.shortNames(), b.status()));
    crds.all().stream().filter(c -> c.groupVersion().equals(groupVersion)).forEach(c ->
        addResource(resources, c.plural(), c.kind(), c.singular(), c.namespaced(), c.shortNames(),
            c.statusSubresource()));
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
    BUILTINS.forEach(b -> result.computeIfAbsent(b.groupVersion(), k -> new java.util.ArrayList<>())
        .add(new String[] {b.plural(), b.kind(), String.valueOf(b.namespaced())}));
    crds.all().forEach(c -> result.computeIfAbsent(c.groupVersion(), k -> new java.util.ArrayList<>())
        .add(new String[] {c.plural(), c.kind(), String.valueOf(c.namespaced())}));
    return result;
  }

  private ObjectNode groupList() {
    Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
    BUILTINS.stream().filter(b -> b.groupVersion().contains("/")).forEach(b -> add(versionsByGroup, b.groupVersion()));
    crds.all().forEach(c -> add(versionsByGroup, c.groupVersion()));
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
