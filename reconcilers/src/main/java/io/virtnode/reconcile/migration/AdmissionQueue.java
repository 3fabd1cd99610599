package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * First come, first served admission under the limits. Running migrations (admitted, not ended) hold their
 * slots; the validated Pending ones (those with a directive naming their source) then take the free slots
 * in creation order, each only if its source node has an outbound slot left. A migration blocked by its own
 * node's limit does not hold back one from another node.
 */
public final class AdmissionQueue {
  private AdmissionQueue() {}

  /**
   * Empty when candidate (validated, from source) gets a slot now, else the message naming the limit it
   * waits for. admitted maps the uids this controller admitted, that the cache may not show yet, to their
   * source nodes.
   */
  public static Optional<String> waitFor(VirtualMachineMigration candidate, String source,
      List<VirtualMachineMigration> all, Map<String, String> admitted, MigrationLimits limits) {
    String self = candidate.getMetadata().getUid();
    int running = 0;
    Map<String, Integer> outbound = new HashMap<>();
    for (VirtualMachineMigration m : all) {
      if (m.getMetadata().getUid().equals(self) || !holdsSlot(m, admitted)) continue;
      running++;
      outbound.merge(Objects.toString(sourceOf(m), admitted.get(m.getMetadata().getUid())), 1, Integer::sum);
    }
    List<VirtualMachineMigration> queue = all.stream()
        .filter(m -> !m.getMetadata().getUid().equals(self) && !holdsSlot(m, admitted) && validatedPending(m))
        .sorted(MigrationValidator.FIFO).toList();
    for (VirtualMachineMigration m : queue) {
      if (MigrationValidator.FIFO.compare(m, candidate) >= 0) break;
      if (running >= limits.parallelPerCluster()) break;
      String node = sourceOf(m);
      if (outbound.getOrDefault(node, 0) < limits.outboundPerNode()) {
        running++;
        outbound.merge(node, 1, Integer::sum);
      }
    }
    if (running >= limits.parallelPerCluster()) {
      return Optional.of("waiting for a slot: " + running + " migration(s) hold or are queued ahead for the "
          + limits.parallelPerCluster() + " the cluster allows at once (parallel migrations per cluster)");
    }
    int fromSource = outbound.getOrDefault(source, 0);
    if (fromSource >= limits.outboundPerNode()) {
      return Optional.of("waiting for a slot: " + fromSource + " migration(s) out of node " + source
          + " hold or are queued ahead for the " + limits.outboundPerNode() + " a node allows at once"
          + " (outbound migrations per node)");
    }
    return Optional.empty();
  }

  private static boolean holdsSlot(VirtualMachineMigration m, Map<String, String> admitted) {
    MigrationPhase p = m.getStatus() == null || m.getStatus().phase == null ? MigrationPhase.Pending
        : m.getStatus().phase;
    if (p.terminal()) return false;
    return p != MigrationPhase.Pending || admitted.containsKey(m.getMetadata().getUid());
  }

  private static boolean validatedPending(VirtualMachineMigration m) {
    return (m.getStatus() == null || m.getStatus().phase == null || m.getStatus().phase == MigrationPhase.Pending)
        && sourceOf(m) != null;
  }

  private static String sourceOf(VirtualMachineMigration m) {
    return m.getStatus() == null || m.getStatus().directive == null ? null : m.getStatus().directive.sourceNode;
  }
}
