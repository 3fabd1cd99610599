package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationEndpoint;

/** TargetPreparing: wait for the target agent to listen at a published address. */
public final class TargetPreparingHandler implements PhaseHandler {
  @Override public Decision handle(Observed o) {
    MigrationEndpoint t = o.target();
    if (AgentState.is(t, AgentState.LISTENING) && t.address != null && !t.address.isBlank()) {
      return Decision.on(MigrationEvent.TargetListening);
    }
    if (WaitingTimeout.expired(o)) {
      return Decision.fail(MigrationEvent.Failure, "TargetNotReady", "node " + o.directive().targetNode
          + " did not listen for the VM within " + WaitingTimeout.progressTimeout(o).toSeconds()
          + " s (its state: " + AgentState.of(t) + "); check the virtnode agent on that node");
    }
    return Decision.stay();
  }
}
