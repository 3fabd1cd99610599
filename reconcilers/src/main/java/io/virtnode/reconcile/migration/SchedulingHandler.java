package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationDirective;
import io.virtnode.reconcile.placement.NodePicker;

/** Scheduling: choose the target (or check the requested one) and name it in the directive. */
public final class SchedulingHandler implements PhaseHandler {
  @Override public Decision handle(Observed o) {
    String source = o.directive().sourceNode;
    NodePicker.Decision pick = TargetChooser.choose(o.spec().targetNode, o.vm(), source, o.nodes(), o.vmsPerNode());
    if (pick.node() == null) return Decision.on(MigrationEvent.Rejected).failing(pick.unschedulable());
    MigrationDirective d = EscalationLadder.copy(o.directive());
    d.targetNode = pick.node();
    return Decision.on(MigrationEvent.TargetChosen).withDirective(d);
  }
}
