package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationPhase;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What stops a migration in flight, whatever its phase: a cancel, the VM gone or replaced (another uid), or a
 * failure either agent reports. None applies once the source reported completion: from then on only the target can go on.
 */
final class Interrupts {
  private static final Set<MigrationPhase> IN_FLIGHT = EnumSet.of(MigrationPhase.Scheduling,
      MigrationPhase.TargetPreparing, MigrationPhase.TargetReady, MigrationPhase.Transferring,
      MigrationPhase.Switchover);

  private Interrupts() {}

  static Optional<Decision> check(Observed o) {
    if (!IN_FLIGHT.contains(o.phase()) || AgentState.is(o.source(), AgentState.COMPLETED)) return Optional.empty();
    if (o.cancelRequested()) return Optional.of(Decision.on(MigrationEvent.CancelRequested));
    if (o.vm() == null) {
      return Optional.of(Decision.fail(MigrationEvent.Failure, "VmNotFound", "VM " + o.spec().vmName
          + " was deleted during the migration"));
    }
    String uid = o.directive().vmUid;
    if (uid != null && !uid.equals(o.vm().getMetadata().getUid())) {
      return Optional.of(Decision.fail(MigrationEvent.Failure, "VmReplaced", "VM " + o.spec().vmName
          + " was deleted and created again during the migration (uid " + uid + " is gone); create a new"
          + " migration for the new VM"));
    }
    if (AgentState.is(o.source(), AgentState.FAILED)) {
      return Optional.of(Decision.fail(MigrationEvent.Failure, "SourceFailed", "source node "
          + o.directive().sourceNode + ": " + o.source().message));
    }
    if (AgentState.is(o.target(), AgentState.FAILED)) {
      return Optional.of(Decision.fail(MigrationEvent.Failure, "TargetFailed", "target node "
          + o.directive().targetNode + ": " + o.target().message));
    }
    return Optional.empty();
  }
}
