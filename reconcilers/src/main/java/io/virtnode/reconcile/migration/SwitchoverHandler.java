package io.virtnode.reconcile.migration;

/**
 * Switchover: the source waits paused before switchover and then completes; once it reports completion the
 * VM is handed to the target (node label and status.nodeName) and the migration succeeds when the target
 * resumed. A target that fails after the source completed ends the migration Failed without abort: the
 * source must never resume, so the VM stays with the target node's agent.
 */
public final class SwitchoverHandler implements PhaseHandler {
  @Override public Decision handle(Observed o) {
    if (AgentState.is(o.source(), AgentState.COMPLETED)) {
      if (AgentState.is(o.target(), AgentState.RESUMED)) return Decision.on(MigrationEvent.TargetResumed).handingOver();
      if (AgentState.is(o.target(), AgentState.FAILED)) {
        return Decision.fail(MigrationEvent.HandoffFailed, "TargetFailedAfterHandoff", "node "
            + o.directive().targetNode + " failed after the source completed: " + o.target().message
            + "; the VM now belongs to that node and its agent restarts it as spec.state says (guest memory"
            + " is lost)").handingOver();
      }
      return Decision.stay().handingOver();
    }
    return TransferGuard.timedOut(o).orElse(Decision.stay());
  }
}
