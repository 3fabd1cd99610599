package io.virtnode.reconcile.migration;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.virtnode.api.v1alpha1.ApiGroup;
import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationStatus;
import io.virtnode.reconcile.placement.PlacementReconciler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The migration controller: observe (the migration, its VM, nodes, all migrations) → decide (the phase's
 * handler) → hand the VM over when the source completed → write the controller's status fields as one merge
 * patch. Everything is computed from the recorded phase and the agents' sections, so a restarted controller
 * picks up where the status says. Reacts to every status write of the agents (not only spec changes) and
 * looks again every poll interval for timeouts.
 */
@ControllerConfiguration(name = "vm-migration", generationAwareEventProcessing = false)
public class MigrationReconciler implements Reconciler<VirtualMachineMigration> {
  private final Clock clock;
  private final Duration poll;
  private final Map<String, String> admitted = new ConcurrentHashMap<>();
  private final MigrationDecider decider;

  public MigrationReconciler(Clock clock, MigrationLimits limits, Duration poll) {
    this.clock = clock;
    this.poll = poll;
    this.decider = new MigrationDecider(new PendingHandler(limits, admitted));
  }

  /** Defaults: 5 migrations per cluster, 2 out of a node, a look every 5 s. */
  public MigrationReconciler(Clock clock) { this(clock, MigrationLimits.DEFAULTS, Duration.ofSeconds(5)); }

  @Override
  public UpdateControl<VirtualMachineMigration> reconcile(VirtualMachineMigration m,
      Context<VirtualMachineMigration> ctx) {
    if (m.getStatus() != null && m.getStatus().phase != null && m.getStatus().phase.terminal()) {
      admitted.remove(m.getMetadata().getUid());
      return UpdateControl.noUpdate();
    }
    KubernetesClient client = ctx.getClient();
    List<VirtualMachineMigration> all = ctx.getPrimaryCache().list().toList();
    forgetAdmissionsTheCacheShows(all);
    boolean pending = m.getStatus() == null || m.getStatus().phase == null || m.getStatus().phase == MigrationPhase.Pending;
    if (pending) {
      synchronized (admitted) { // admission reads and takes the shared slots: one migration at a time
        return step(m, client, all);
      }
    }
    return step(m, client, all);
  }

  private UpdateControl<VirtualMachineMigration> step(VirtualMachineMigration m, KubernetesClient client,
      List<VirtualMachineMigration> all) {
    Observed o = observe(m, client, all);
    Decision d = decider.decide(o);
    VirtualMachineMigrationStatus next = StatusPlanner.plan(o, d);
    if (d.handOver()) VmHandoff.handOver(client, o.vm(), next.directive);
    StatusPatch.diff(m.getStatus(), next).ifPresent(p -> client.resources(VirtualMachineMigration.class)
        .inNamespace(m.getMetadata().getNamespace()).withName(m.getMetadata().getName()).subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), p.toString()));
    if (o.phase() == MigrationPhase.Pending && next.phase == MigrationPhase.Scheduling) {
      admitted.put(m.getMetadata().getUid(), next.directive.sourceNode);
    }
    return next.phase.terminal() ? UpdateControl.noUpdate()
        : UpdateControl.<VirtualMachineMigration>noUpdate().rescheduleAfter(poll);
  }

  private Observed observe(VirtualMachineMigration m, KubernetesClient client, List<VirtualMachineMigration> all) {
    GenericKubernetesResource raw = client.genericKubernetesResources(ApiGroup.API_VERSION, "VirtualMachine")
        .inNamespace(m.getMetadata().getNamespace()).withName(m.getSpec().vmName).get();
    VirtualMachine vm = raw == null ? null : client.getKubernetesSerialization().convertValue(raw, VirtualMachine.class);
    List<Node> nodes = client.nodes().list().getItems();
    Map<String, Long> load = Map.of();
    if (m.getStatus() != null && m.getStatus().phase == MigrationPhase.Scheduling) {
      load = client.resources(VirtualMachine.class).inAnyNamespace().list().getItems().stream()
          .map(PlacementReconciler::placedOn).filter(n -> n != null)
          .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
    }
    return new Observed(m, vm, HostDevices.count(raw), nodes, load, all, clock.instant());
  }

  private void forgetAdmissionsTheCacheShows(List<VirtualMachineMigration> all) {
    Map<String, VirtualMachineMigration> byUid = all.stream()
        .collect(Collectors.toMap(x -> x.getMetadata().getUid(), x -> x, (a, b) -> a));
    admitted.keySet().removeIf(uid -> {
      VirtualMachineMigration c = byUid.get(uid);
      return c == null || c.getStatus() != null && c.getStatus().phase != null
          && c.getStatus().phase != MigrationPhase.Pending;
    });
  }
}
