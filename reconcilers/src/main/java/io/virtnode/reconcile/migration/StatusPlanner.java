package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationDirective;
import io.virtnode.api.v1alpha1.MigrationEscalation;
import io.virtnode.api.v1alpha1.MigrationFailure;
import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.MigrationPhaseTime;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationStatus;
import io.virtnode.reconcile.status.Conditions;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a decision into the controller's fields of the status (phase, phaseTimes, escalations, failure,
 * conditions, observedGeneration, directive, watch) through the transition table. Pure; the result holds
 * only those fields.
 */
public final class StatusPlanner {
  private static final int MAX_LIST = 16;

  private StatusPlanner() {}

  public static VirtualMachineMigrationStatus plan(Observed o, Decision d) {
    VirtualMachineMigrationStatus old = o.status();
    MigrationPhase from = o.phase();
    MigrationPhase to = d.event() == null ? from : MigrationTransitions.next(from, d.event()).orElse(from);
    VirtualMachineMigrationStatus s = new VirtualMachineMigrationStatus();
    s.phase = to;
    s.observedGeneration = o.migration().getMetadata().getGeneration();
    s.phaseTimes = phaseTimes(old, from, to, o);
    s.escalations = escalations(old.escalations, d.escalation());
    s.directive = d.directive() != null ? d.directive() : old.directive;
    s.watch = d.watch() != null ? d.watch() : old.watch;
    s.failure = old.failure;
    if (d.failure() != null && (to != from || to.terminal())) {
      s.failure = new MigrationFailure();
      s.failure.reason = d.failure().reason();
      s.failure.message = d.failure().message();
      boolean tearingDown = from == MigrationPhase.Aborting || from == MigrationPhase.Cancelling;
      s.failure.phase = tearingDown && old.failure != null && old.failure.phase != null ? old.failure.phase : from;
    }
    MigrationDirective dir = s.directive == null ? new MigrationDirective() : s.directive;
    long gen = s.observedGeneration == null ? 0 : s.observedGeneration;
    s.conditions = Conditions.set(old.conditions, MigrationConditions.ready(to, dir), gen, o.now());
    s.conditions = Conditions.set(s.conditions, MigrationConditions.progressing(to, dir, s.failure, d.waiting()), gen,
        o.now());
    s.conditions = Conditions.set(s.conditions, MigrationConditions.failed(to, dir, s.failure), gen, o.now());
    return s;
  }

  private static List<MigrationPhaseTime> phaseTimes(VirtualMachineMigrationStatus old, MigrationPhase from,
      MigrationPhase to, Observed o) {
    List<MigrationPhaseTime> out = new ArrayList<>(old.phaseTimes == null ? List.of() : old.phaseTimes);
    add(out, from, o);
    add(out, to, o);
    return out;
  }

  private static void add(List<MigrationPhaseTime> times, MigrationPhase p, Observed o) {
    if (times.stream().anyMatch(t -> t.phase == p) || times.size() >= MAX_LIST) return;
    MigrationPhaseTime t = new MigrationPhaseTime();
    t.phase = p;
    t.time = Times.format(o.now());
    times.add(t);
  }

  private static List<MigrationEscalation> escalations(List<MigrationEscalation> old, MigrationEscalation added) {
    if (added == null) return old;
    List<MigrationEscalation> out = new ArrayList<>(old == null ? List.of() : old);
    out.add(added);
    while (out.size() > MAX_LIST) out.remove(0);
    return out;
  }
}
