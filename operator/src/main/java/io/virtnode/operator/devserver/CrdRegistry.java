package io.virtnode.operator.devserver;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Installed CRDs, by group, version and plural; fed by every CRD write that reaches the server. */
final class CrdRegistry {
  private final Map<String, List<CrdInfo>> byCrdName = new ConcurrentHashMap<>();

  void register(CustomResourceDefinition crd) {
    byCrdName.put(crd.getMetadata().getName(), CrdInfo.of(crd));
  }

  void unregister(String crdName) {
    byCrdName.remove(crdName);
  }

  Optional<CrdInfo> find(String group, String version, String plural) {
    return all().stream()
        .filter(c -> c.group().equals(group) && c.version().equals(version) && c.plural().equals(plural))
        .findFirst();
  }

  List<CrdInfo> all() {
    return byCrdName.values().stream().flatMap(List::stream).toList();
  }
}
