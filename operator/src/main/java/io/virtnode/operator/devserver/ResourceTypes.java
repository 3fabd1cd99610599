package io.virtnode.operator.devserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every resource the server serves: the built-ins virtnode and kubectl use, plus installed CRDs. */
final class ResourceTypes {
  static final List<ResourceType> BUILTINS = List.of(
      ResourceType.builtin("v1", "namespaces", "Namespace", false, List.of("ns"), true),
      ResourceType.builtin("v1", "nodes", "Node", false, List.of("no"), true),
      ResourceType.builtin("v1", "events", "Event", true, List.of("ev"), false),
      ResourceType.builtin("v1", "configmaps", "ConfigMap", true, List.of("cm"), false),
      ResourceType.builtin("v1", "secrets", "Secret", true, List.of(), false),
      ResourceType.builtin("v1", "pods", "Pod", true, List.of("po"), true),
      ResourceType.builtin("v1", "services", "Service", true, List.of("svc"), true),
      ResourceType.builtin("v1", "serviceaccounts", "ServiceAccount", true, List.of("sa"), false),
      ResourceType.builtin("apiextensions.k8s.io/v1", "customresourcedefinitions", "CustomResourceDefinition",
          false, List.of("crd", "crds"), true),
      ResourceType.builtin("coordination.k8s.io/v1", "leases", "Lease", true, List.of(), false),
      ResourceType.builtin("events.k8s.io/v1", "events", "Event", true, List.of("ev"), false));

  static final ResourceType NAMESPACES = BUILTINS.get(0);
  static final ResourceType CRDS = BUILTINS.get(8);

  private final CrdRegistry crds;

  ResourceTypes(CrdRegistry crds) {
    this.crds = crds;
  }

  Optional<ResourceType> find(String groupVersion, String plural) {
    return all().stream().filter(t -> t.groupVersion().equals(groupVersion) && t.plural().equals(plural))
        .findFirst();
  }

  List<ResourceType> all() {
    List<ResourceType> all = new ArrayList<>(BUILTINS);
    crds.all().forEach(c -> all.add(ResourceType.of(c)));
    return all;
  }
}
