package io.virtnode.operator.devserver;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Installed CRDs, by group, version and plural; fed by every CRD write that reaches the server. */
final class CrdRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(CrdRegistry.class);
  private final Map<String, List<CrdInfo>> byCrdName = new ConcurrentHashMap<>();

  void register(CustomResourceDefinition crd) {
    List<CrdInfo> versions = CrdInfo.of(crd);
    for (CrdInfo version : versions) {
      List<String> problems = SchemaDefaulter.nonStructural(version.schema(), "spec.validation.openAPIV3Schema");
      if (!problems.isEmpty() && !version.schema().isMissingNode()) {
        LOG.warn("CustomResourceDefinition {} {} is not structural; a real apiserver rejects it: {}",
            crd.getMetadata().getName(), version.version(), problems);
      }
    }
    byCrdName.put(crd.getMetadata().getName(), versions);
  }

  void unregister(String crdName) {
    byCrdName.remove(crdName);
  }

  /** The served versions of the CRD named {@code crdName}. */
  List<CrdInfo> find(String crdName) {
    return byCrdName.getOrDefault(crdName, List.of());
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
