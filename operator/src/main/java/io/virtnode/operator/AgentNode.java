package io.virtnode.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.virtnode.api.v1alpha1.ApiGroup;
import io.virtnode.node.vm.VmRuntime;
import io.virtnode.reconcile.vm.VirtualMachineReconciler;
import io.virtnode.reconcile.vm.VmEvents;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node agent of one node: reconnects to its running QEMUs, then reconciles the VMs labelled for it. */
public final class AgentNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentNode.class);
  private final String node;
  private final VmRuntime runtime;
  private final Operator operator;

  private final java.util.concurrent.ScheduledExecutorService housekeeping =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-housekeeping");
        t.setDaemon(true);
        return t;
      });

  private AgentNode(String node, VmRuntime runtime, Operator operator) {
    this.node = node;
    this.runtime = runtime;
    this.operator = operator;
    housekeeping.scheduleWithFixedDelay(runtime::rotateLogs, 30, 30, java.util.concurrent.TimeUnit.SECONDS);
  }

  public static AgentNode start(KubernetesClient client, String node, AgentSettings settings) throws IOException {
    settings.validate();
    HostStack host = HostStack.create(settings, InetAddress.getByName(settings.vncListen));
    var caps = host.runtime().capabilities();
    LOG.info("QEMU {} {}: {}", caps.binary(), caps.version(), caps.flags());
    LOG.info("QEMUs run confined: {}", host.runtime().confinementSummary());
    host.runtime().recover();
    var reconciler = new VirtualMachineReconciler(host.runtime(), host.storageCheck(), node,
        Duration.ofSeconds(settings.restartDelaySeconds), new VmEvents(client, "virtnode-agent/" + node,
        Clock.systemUTC()), Clock.systemUTC());
    Operator op = Operators.create(client, null);
    op.register(reconciler, o -> o.withLabelSelector(ApiGroup.NODE_LABEL + "=" + node));
    op.start();
    LOG.info("Agent for node {} started (state in {}, QEMU {})", node, Path.of(settings.stateDir).toAbsolutePath(),
        settings.qemuBinary);
    return new AgentNode(node, host.runtime(), op);
  }

  public String node() { return node; }

  public VmRuntime runtime() { return runtime; }

  /** Stops reconciling; QEMUs keep running and are reconnected by the next agent. */
  @Override public void close() {
    housekeeping.shutdownNow();
    operator.stop();
    runtime.close();
  }

  /** Stops reconciling and kills every QEMU of this agent (virtnode dev --cleanup). */
  public void closeAndKillVms() {
    housekeeping.shutdownNow();
    operator.stop();
    runtime.killAll();
    runtime.close();
  }
}
