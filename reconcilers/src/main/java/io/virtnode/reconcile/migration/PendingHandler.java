package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationDirective;
import io.virtnode.reconcile.placement.PlacementReconciler;
import io.virtnode.reconcile.vm.Failure;
import java.util.Map;
import java.util.Optional;

/** Pending: validate, record the source, then take a slot under the limits or wait in the queue. */
public final class PendingHandler implements PhaseHandler {
  private final MigrationLimits limits;
  private final Map<String, String> admitted;

  /** admitted: uids this controller admitted that the cache may not show yet, to their source node. */
  public PendingHandler(MigrationLimits limits, Map<String, String> admitted) {
    this.limits = limits;
    this.admitted = admitted;
  }

  @Override public Decision handle(Observed o) {
    if (o.cancelRequested()) return Decision.on(MigrationEvent.CancelRequested);
    Optional<Failure> refusal = MigrationValidator.refusal(o);
    if (refusal.isPresent()) return Decision.on(MigrationEvent.Rejected).failing(refusal.get());
    String source = PlacementReconciler.placedOn(o.vm());
    MigrationDirective d = EscalationLadder.copy(o.directive());
    d.vmUid = o.vm().getMetadata().getUid();
    d.sourceNode = source;
    d.downtimeLimitMilliseconds = EscalationLadder.startDowntime(o.spec());
    Optional<String> wait = AdmissionQueue.waitFor(o.migration(), source, o.migrations(), admitted, limits);
    return wait.map(w -> Decision.stay().withDirective(d).queued(w))
        .orElseGet(() -> Decision.on(MigrationEvent.Admitted).withDirective(d));
  }
}
