package io.virtnode.reconcile.migration;

import io.virtnode.reconcile.vm.Failure;

/**
 * Aborting and Cancelling: done when both sides report CleanedUp or never started. A side silent for the
 * progress timeout is given up on, so the VM is not blocked from migrating forever; the end says so.
 */
public final class CleanupHandler implements PhaseHandler {
  @Override public Decision handle(Observed o) {
    boolean sourceQuiet = AgentState.quiet(o.source());
    boolean targetQuiet = AgentState.quiet(o.target());
    if (sourceQuiet && targetQuiet) return Decision.on(MigrationEvent.CleanedUp);
    if (!WaitingTimeout.expired(o)) return Decision.stay();
    String silent = (sourceQuiet ? "" : "source node " + o.directive().sourceNode)
        + (sourceQuiet || targetQuiet ? "" : " and ")
        + (targetQuiet ? "" : "target node " + o.directive().targetNode);
    String note = silent + " did not confirm its cleanup within " + WaitingTimeout.progressTimeout(o).toSeconds()
        + " s; check the virtnode agent there before migrating this VM again";
    Failure before = o.status().failure == null ? null
        : new Failure(o.status().failure.reason, o.status().failure.message);
    Failure f = before == null ? new Failure("CleanupUnconfirmed", note)
        : new Failure(before.reason(), before.message() + "; " + note);
    return Decision.on(MigrationEvent.CleanedUp).failing(f);
  }
}
