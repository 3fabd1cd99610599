package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationDirective;
import io.virtnode.api.v1alpha1.MigrationEscalation;
import io.virtnode.api.v1alpha1.MigrationWatch;
import io.virtnode.reconcile.vm.Failure;

/**
 * What one handler decided: the event to feed the transition table (null: stay), the failure behind it, the
 * directive and watch to record (null: keep), an escalation step to append, why the migration waits
 * (a Queued reason for Pending), and whether the VM is handed over to the target now.
 */
public record Decision(MigrationEvent event, Failure failure, MigrationDirective directive, MigrationWatch watch,
    MigrationEscalation escalation, Failure waiting, boolean handOver) {

  /** Nothing to do in this phase yet. */
  public static Decision stay() { return new Decision(null, null, null, null, null, null, false); }

  public static Decision on(MigrationEvent event) { return stay().then(event); }

  /** A Failure (or Rejected) event with its reason. */
  public static Decision fail(MigrationEvent event, String reason, String message) {
    return new Decision(event, new Failure(reason, message), null, null, null, null, false);
  }

  public Decision then(MigrationEvent e) { return new Decision(e, failure, directive, watch, escalation, waiting, handOver); }

  public Decision failing(Failure f) { return new Decision(event, f, directive, watch, escalation, waiting, handOver); }

  public Decision withDirective(MigrationDirective d) {
    return new Decision(event, failure, d, watch, escalation, waiting, handOver);
  }

  public Decision withWatch(MigrationWatch w) { return new Decision(event, failure, directive, w, escalation, waiting, handOver); }

  public Decision escalated(MigrationEscalation e) {
    return new Decision(event, failure, directive, watch, e, waiting, handOver);
  }

  public Decision queued(String message) {
    return new Decision(event, failure, directive, watch, escalation, new Failure("Queued", message), handOver);
  }

  public Decision handingOver() { return new Decision(event, failure, directive, watch, escalation, waiting, true); }
}
