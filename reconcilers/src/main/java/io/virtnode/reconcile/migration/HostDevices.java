package io.virtnode.reconcile.migration;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Collection;
import java.util.Map;

/**
 * Counts a VM's passthrough host devices from its raw object (spec.hostDevices), so the check works before
 * and after the typed API gains that field; a VM without it has none.
 */
final class HostDevices {
  private HostDevices() {}

  static int count(GenericKubernetesResource raw) {
    if (raw == null || !(raw.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)) return 0;
    Object devices = spec.get("hostDevices");
    return devices instanceof Collection<?> c ? c.size() : 0;
  }
}
