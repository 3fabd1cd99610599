package io.virtnode.operator.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's and controller's Prometheus metrics. Histograms carry no per-VM labels (cardinality stays
 * bounded by the number of states, QMP commands and exit reasons); per-VM figures are gauges read from
 * /proc at scrape time.
 */
public final class VirtnodeMetrics {
  /** One running QEMU, as the per-VM gauges label it. */
  public record VmProcess(String namespace, String name, long pid) {}

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String node;
  private final Timer startLatency;
  private final List<Runnable> refreshers = new java.util.concurrent.CopyOnWriteArrayList<>();

  public VirtnodeMetrics(String node) {
    this.node = node;
    this.startLatency = Timer.builder("virtnode.vm.start").description("Time from a VM's creation to Ready=True")
        .tag("node", node).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** A VM became Ready for the first time, this long after it was created. */
  public void vmStarted(Duration createdToReady) {
    startLatency.record(createdToReady);
  }

  /** One QMP command round trip (or its timeout). */
  public void qmpCommand(String command, Duration took, boolean timedOut) {
    Timer.builder("virtnode.qmp.command").description("QMP command round trips").tags("node", node,
        "command", command).publishPercentileHistogram().register(registry).record(took);
    if (timedOut) {
      Counter.builder("virtnode.qmp.timeouts").description("QMP commands that got no reply in time")
          .tags("node", node, "command", command).register(registry).increment();
    }
  }

  /** QEMU exited on its own and is being restarted. */
  public void qemuRestarted(String reason) {
    Counter.builder("virtnode.qemu.restarts").description("QEMU restarts after an exit the agent did not ask for")
        .tags("node", node, "reason", reason).register(registry).increment();
  }

  /** VMs of this node per state ("Running", "Paused", ...), read at scrape time. */
  public void vmsByState(Supplier<Map<String, Long>> counts) {
    MultiGauge gauge = MultiGauge.builder("virtnode.vms").description("VMs on the node by state")
        .tag("node", node).register(registry);
    refreshers.add(() -> gauge.register(counts.get().entrySet().stream()
        .map(e -> MultiGauge.Row.of(Tags.of("state", e.getKey()), e.getValue())).toList(), true));
  }

  /** Per-VM vCPU time and resident memory of each running QEMU, from /proc at scrape time. */
  public void processes(Supplier<List<VmProcess>> running, ProcStats proc) {
    MultiGauge cpu = MultiGauge.builder("virtnode.vm.cpu.seconds").description("CPU time of the VM's QEMU")
        .tag("node", node).register(registry);
    MultiGauge rss = MultiGauge.builder("virtnode.vm.resident").baseUnit("bytes")
        .description("Resident memory of the VM's QEMU").tag("node", node).register(registry);
    refreshers.add(() -> {
      List<VmProcess> vms = running.get();
      cpu.register(vms.stream().flatMap(v -> proc.cpuSeconds(v.pid()).stream()
          .mapToObj(s -> MultiGauge.Row.of(tags(v), s))).toList(), true);
      rss.register(vms.stream().flatMap(v -> proc.residentBytes(v.pid()).stream()
          .mapToObj(b -> MultiGauge.Row.of(tags(v), b))).toList(), true);
    });
  }

  /** Refreshes the scrape-time gauges and renders everything in the Prometheus text format. */
  public String scrape() {
    refreshers.forEach(Runnable::run);
    return registry.scrape();
  }

  private static Tags tags(VmProcess v) {
    return Tags.of("namespace", v.namespace(), "name", v.name());
  }
}
