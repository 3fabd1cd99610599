package io.virtnode.operator.observe;

import io.virtnode.api.v1alpha1.VirtualMachine;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Binds the agent's scrape-time gauges to its VMs: VMs per observed state, and each running QEMU's CPU and RSS. */
public final class AgentMetrics {
  private AgentMetrics() {}

  /** vms lists the VMs of this node as the agent last wrote their status (its informer's view). */
  public static VirtnodeMetrics of(String node, Supplier<List<VirtualMachine>> vms) {
    VirtnodeMetrics m = new VirtnodeMetrics(node);
    m.vmsByState(() -> vms.get().stream().collect(Collectors.groupingBy(AgentMetrics::state, Collectors.counting())));
    m.processes(() -> vms.get().stream().filter(v -> v.getStatus() != null && v.getStatus().pid != null)
        .map(v -> new VirtnodeMetrics.VmProcess(v.getMetadata().getNamespace(), v.getMetadata().getName(),
            v.getStatus().pid)).toList(), new ProcStats(Path.of("/proc")));
    return m;
  }

  private static String state(VirtualMachine v) {
    return v.getStatus() == null || v.getStatus().state == null ? "Pending" : v.getStatus().state;
  }
}
