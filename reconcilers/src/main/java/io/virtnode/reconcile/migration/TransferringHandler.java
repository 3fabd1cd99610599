package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationEscalation;
import io.virtnode.reconcile.vm.Failure;
import java.util.Optional;

/**
 * Transferring: wait for the source to pause before switchover; enforce the completion timeout; escalate one
 * step of the ladder each time progress stalls, and abort when the ladder says so.
 */
public final class TransferringHandler implements PhaseHandler {
  @Override public Decision handle(Observed o) {
    String state = AgentState.of(o.source());
    if (AgentState.PAUSED_FOR_SWITCHOVER.equals(state) || AgentState.COMPLETED.equals(state)) {
      return Decision.on(MigrationEvent.SwitchoverReached);
    }
    Optional<Decision> timeout = TransferGuard.timedOut(o);
    if (timeout.isPresent()) return timeout.get();
    StallWatch.Look look = StallWatch.look(o.status().watch, o.status().progress, o.enteredPhase(), o.now(),
        WaitingTimeout.progressTimeout(o));
    if (!look.stalled()) return Decision.stay().withWatch(look.watch());
    EscalationLadder.Step step = EscalationLadder.next(o.spec(), o.directive());
    if (step == null) return Decision.stay().withWatch(look.watch());
    MigrationEscalation e = new MigrationEscalation();
    e.time = Times.format(o.now());
    e.action = step.action();
    e.detail = step.detail();
    Decision d = Decision.stay().escalated(e).withDirective(step.directive())
        .withWatch(StallWatch.restarted(look.watch(), o.now()));
    if (!EscalationLadder.ABORT.equals(step.action())) return d;
    return d.then(MigrationEvent.Failure).failing(new Failure("ProgressStalled",
        "no progress for " + WaitingTimeout.progressTimeout(o).toSeconds() + " s and " + step.detail()));
  }
}
