package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.MigrationDirective;
import io.virtnode.api.v1alpha1.MigrationFailure;
import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.reconcile.vm.Failure;

/** The Ready, Progressing and Failed conditions of a migration in a phase, in words a person reads. */
final class MigrationConditions {
  static final String READY = "Ready";
  static final String PROGRESSING = "Progressing";
  static final String FAILED = "Failed";

  private MigrationConditions() {}

  static Condition ready(MigrationPhase p, MigrationDirective d) {
    return p == MigrationPhase.Succeeded ? new Condition(READY, "True", "Succeeded", "the VM runs on node " + d.targetNode)
        : new Condition(READY, "False", p.name(), describe(p, d, null));
  }

  static Condition progressing(MigrationPhase p, MigrationDirective d, MigrationFailure f, Failure waiting) {
    if (p == MigrationPhase.Pending && waiting != null) {
      return new Condition(PROGRESSING, "False", waiting.reason(), waiting.message());
    }
    return new Condition(PROGRESSING, p.terminal() ? "False" : "True", p.name(), describe(p, d, f));
  }

  static Condition failed(MigrationPhase p, MigrationDirective d, MigrationFailure f) {
    if (p == MigrationPhase.Failed && f != null) return new Condition(FAILED, "True", f.reason, f.message);
    return new Condition(FAILED, "False", p.name(), describe(p, d, f));
  }

  private static String describe(MigrationPhase p, MigrationDirective d, MigrationFailure f) {
    String s = d.sourceNode;
    String t = d.targetNode;
    return switch (p) {
      case Pending -> "checking the VM and waiting for a slot";
      case Scheduling -> "choosing the target node";
      case TargetPreparing -> "node " + t + " prepares to receive the VM";
      case TargetReady -> "node " + t + " listens; waiting for node " + s + " to start sending";
      case Transferring -> "sending memory and disks from node " + s + " to node " + t;
      case Switchover -> "node " + s + " paused the VM before switchover; node " + t + " takes over";
      case Succeeded -> "the VM runs on node " + t;
      case Aborting -> (f == null ? "failed" : f.message) + "; tearing the target down, the VM keeps running on node " + s;
      case Failed -> f == null ? "failed" : f.message;
      case Cancelling -> "cancelled; tearing the target down, the VM keeps running on node " + s;
      case Cancelled -> "cancelled" + (f == null ? "" : " (" + f.message + ")") + "; the VM was not moved";
    };
  }
}
