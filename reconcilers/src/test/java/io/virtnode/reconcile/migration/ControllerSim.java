package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs the controller's pure part against one migration the way the reconciler does, without an API server:
 * a fresh decider for every step (as after a restart), the planned fields merged into the status as the
 * merge patch would, the agents' sections left alone.
 */
final class ControllerSim {
  final VirtualMachineMigration m;
  VirtualMachine vm;
  Decision last;

  ControllerSim(VirtualMachineMigration m, VirtualMachine vm) {
    this.m = m;
    this.vm = vm;
  }

  MigrationPhase step(Instant now) {
    Observed o = new Observed(m, vm, 0, Fixtures.nodes(), Map.of(), List.of(m), now);
    last = new MigrationDecider(new PendingHandler(MigrationLimits.DEFAULTS, Map.of())).decide(o);
    VirtualMachineMigrationStatus next = StatusPlanner.plan(o, last);
    VirtualMachineMigrationStatus s = m.getStatus() == null ? new VirtualMachineMigrationStatus() : m.getStatus();
    s.phase = next.phase;
    s.observedGeneration = next.observedGeneration;
    s.phaseTimes = next.phaseTimes;
    s.escalations = next.escalations;
    s.failure = next.failure;
    s.conditions = next.conditions;
    s.directive = next.directive;
    s.watch = next.watch;
    m.setStatus(s);
    return s.phase;
  }
}
