package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationEndpoint;
import java.util.Set;

/** TargetReady: wait for the source agent to start mirroring disks or sending RAM; start the stall watch. */
public final class TargetReadyHandler implements PhaseHandler {
  private static final Set<String> STARTED = Set.of(AgentState.MIRRORING, AgentState.SENDING,
      AgentState.PAUSED_FOR_SWITCHOVER, AgentState.COMPLETED);

  @Override public Decision handle(Observed o) {
    MigrationEndpoint s = o.source();
    if (s != null && STARTED.contains(s.state)) {
      return Decision.on(MigrationEvent.TransferStarted).withWatch(StallWatch.look(null, o.status().progress,
          o.now(), o.now(), WaitingTimeout.progressTimeout(o)).watch());
    }
    if (WaitingTimeout.expired(o)) {
      return Decision.fail(MigrationEvent.Failure, "SourceNotStarted", "node " + o.directive().sourceNode
          + " did not start sending the VM within " + WaitingTimeout.progressTimeout(o).toSeconds()
          + " s (its state: " + AgentState.of(s) + "); check the virtnode agent on that node");
    }
    return Decision.stay();
  }
}
