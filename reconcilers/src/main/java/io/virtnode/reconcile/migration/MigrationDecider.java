package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationPhase;
import java.util.EnumMap;
import java.util.Map;

/** Picks the decision for a migration: an interrupt if one applies, else its phase's handler. Pure. */
public final class MigrationDecider {
  private final Map<MigrationPhase, PhaseHandler> handlers = new EnumMap<>(MigrationPhase.class);

  public MigrationDecider(PendingHandler pending) {
    CleanupHandler cleanup = new CleanupHandler();
    handlers.put(MigrationPhase.Pending, pending);
    handlers.put(MigrationPhase.Scheduling, new SchedulingHandler());
    handlers.put(MigrationPhase.TargetPreparing, new TargetPreparingHandler());
    handlers.put(MigrationPhase.TargetReady, new TargetReadyHandler());
    handlers.put(MigrationPhase.Transferring, new TransferringHandler());
    handlers.put(MigrationPhase.Switchover, new SwitchoverHandler());
    handlers.put(MigrationPhase.Aborting, cleanup);
    handlers.put(MigrationPhase.Cancelling, cleanup);
  }

  public Decision decide(Observed o) {
    if (o.phase().terminal()) return Decision.stay();
    return Interrupts.check(o).orElseGet(() -> handlers.get(o.phase()).handle(o));
  }
}
