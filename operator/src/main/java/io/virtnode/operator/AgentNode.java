package io.virtnode.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.virtnode.api.v1alpha1.ApiGroup;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.node.state.NodeMarker;
import io.virtnode.node.state.VmRecord;
import io.virtnode.node.vm.VmRuntime;
import io.virtnode.operator.observe.AgentMetrics;
import io.virtnode.operator.observe.Endpoints;
import io.virtnode.operator.observe.HealthServer;
import io.virtnode.operator.observe.Readiness;
import io.virtnode.operator.observe.VirtnodeMetrics;
import io.virtnode.reconcile.status.ApplyStatusWriter;
import io.virtnode.reconcile.status.StatusOwner;
import io.virtnode.reconcile.vm.VirtualMachineReconciler;
import io.virtnode.reconcile.vm.VmEvents;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent of one node: claims its state dir, reconnects to its running QEMUs, reconciles the VMs
 * labelled for it under its own finalizer, and reports records whose VM no longer exists (left alone).
 */
public final class AgentNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentNode.class);
  private final String node;
  private final VmRuntime runtime;
  private final Operator operator;
  private final List<VmRecord> orphans;
  private final HealthServer health;

  private final java.util.concurrent.ScheduledExecutorService housekeeping =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-housekeeping");
        t.setDaemon(true);
        return t;
      });

  /** How often VMs handed to other nodes are checked for this node's finalizer. */
  private static final long HANDOVER_CHECK_SECONDS = 5;

  private AgentNode(KubernetesClient client, String node, VmRuntime runtime, Operator operator,
      List<VmRecord> orphans, HealthServer health) {
    this.health = health;
    this.node = node;
    this.runtime = runtime;
    this.operator = operator;
    this.orphans = orphans;
    housekeeping.scheduleWithFixedDelay(runtime::rotateLogs, 30, 30, java.util.concurrent.TimeUnit.SECONDS);
    housekeeping.scheduleWithFixedDelay(() -> {
      try {
        AgentFinalizers.releaseHandedOver(client, node, runtime);
      } catch (RuntimeException e) {
        LOG.warn("checking VMs handed to other nodes: {}", e.getMessage());
      }
    }, HANDOVER_CHECK_SECONDS, HANDOVER_CHECK_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Starts the agent of node; {node} in the settings' dirs and cgroup parent becomes the node name. */
  public static AgentNode start(KubernetesClient client, String node, AgentSettings configured) throws IOException {
    AgentSettings settings = configured.forNode(node);
    settings.validate();
    Path state = Path.of(settings.stateDir).toAbsolutePath();
    Files.createDirectories(state);
    NodeMarker.claim(state, node);
    AtomicBoolean recovered = new AtomicBoolean();
    AtomicBoolean synced = new AtomicBoolean();
    Readiness readiness = new Readiness()
        .add("runtime", () -> recovered.get() ? Optional.empty() : Optional.of("reconnecting to running QEMUs"))
        .add("informers", () -> synced.get() ? Optional.empty() : Optional.of("informers not synced yet"))
        .add("state-dir", () -> Endpoints.writable(state));
    VirtnodeMetrics metrics = AgentMetrics.of(node, () -> client.resources(VirtualMachine.class).inAnyNamespace()
        .withLabel(ApiGroup.NODE_LABEL, node).list().getItems());
    Optional<InetSocketAddress> listen = Endpoints.listen(settings.healthListen);
    HealthServer health = listen.isEmpty() ? null : HealthServer.start(listen.get(), readiness, metrics::scrape);
    HostStack host = HostStack.create(settings, InetAddress.getByName(settings.vncListen));
    var caps = host.runtime().capabilities();
    LOG.info("QEMU {} {}: {}", caps.binary(), caps.version(), caps.flags());
    LOG.info("QEMUs run confined: {}", host.runtime().confinementSummary());
    host.runtime().recover();
    recovered.set(true);
    String component = "virtnode-agent/" + node;
    var reconciler = new VirtualMachineReconciler(host.runtime(), host.runtime(), host.runtime(),
        host.storageCheck()::check,
        Duration.ofSeconds(settings.restartDelaySeconds), new ApplyStatusWriter(client, StatusOwner.AGENT),
        new VmEvents(client, component, Clock.systemUTC()), Clock.systemUTC());
    host.runtime().onChange(reconciler.hostChanges());
    AgentFinalizers.adoptLegacy(client, node, host.runtime()::forget);
    Operator op = Operators.create(client, null);
    op.register(reconciler, o -> o.withLabelSelector(ApiGroup.NODE_LABEL + "=" + node)
        .withFinalizer(ApiGroup.agentFinalizer(node)));
    op.start(); // returns once the informers have synced
    synced.set(true);
    List<VmRecord> orphans = OrphanReport.report(client, node, component, host.runtime());
    LOG.info("Agent for node {} started (state in {}, QEMU {})", node, state, settings.qemuBinary);
    if (health != null) LOG.info("Agent for node {}: health and metrics on {}/healthz, /readyz, /metrics", node, health.url());
    return new AgentNode(client, node, host.runtime(), op, orphans, health);
  }

  public String node() { return node; }

  public VmRuntime runtime() { return runtime; }

  /** The health and metrics endpoints, unless healthListen is off. */
  public Optional<HealthServer> health() { return Optional.ofNullable(health); }

  /** Records found at start whose VM no longer exists; their QEMUs are left running, untouched. */
  public List<VmRecord> orphans() { return orphans; }

  /** Stops reconciling; QEMUs keep running and are reconnected by the next agent. */
  @Override public void close() {
    if (health != null) health.close();
    housekeeping.shutdownNow();
    operator.stop();
    runtime.close();
  }

  /** Stops reconciling and kills every QEMU of this agent (virtnode dev --cleanup). */
  public void closeAndKillVms() {
    if (health != null) health.close();
    housekeeping.shutdownNow();
    operator.stop();
    runtime.killAll();
    runtime.close();
  }
}
