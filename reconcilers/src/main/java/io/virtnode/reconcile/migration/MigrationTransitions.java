package io.virtnode.reconcile.migration;

import static io.virtnode.api.v1alpha1.MigrationPhase.Aborting;
import static io.virtnode.api.v1alpha1.MigrationPhase.Cancelled;
import static io.virtnode.api.v1alpha1.MigrationPhase.Cancelling;
import static io.virtnode.api.v1alpha1.MigrationPhase.Failed;
import static io.virtnode.api.v1alpha1.MigrationPhase.Pending;
import static io.virtnode.api.v1alpha1.MigrationPhase.Scheduling;
import static io.virtnode.api.v1alpha1.MigrationPhase.Succeeded;
import static io.virtnode.api.v1alpha1.MigrationPhase.Switchover;
import static io.virtnode.api.v1alpha1.MigrationPhase.TargetPreparing;
import static io.virtnode.api.v1alpha1.MigrationPhase.TargetReady;
import static io.virtnode.api.v1alpha1.MigrationPhase.Transferring;
import static io.virtnode.reconcile.migration.MigrationEvent.Admitted;
import static io.virtnode.reconcile.migration.MigrationEvent.CancelRequested;
import static io.virtnode.reconcile.migration.MigrationEvent.CleanedUp;
import static io.virtnode.reconcile.migration.MigrationEvent.Failure;
import static io.virtnode.reconcile.migration.MigrationEvent.HandoffFailed;
import static io.virtnode.reconcile.migration.MigrationEvent.Rejected;
import static io.virtnode.reconcile.migration.MigrationEvent.SwitchoverReached;
import static io.virtnode.reconcile.migration.MigrationEvent.TargetChosen;
import static io.virtnode.reconcile.migration.MigrationEvent.TargetListening;
import static io.virtnode.reconcile.migration.MigrationEvent.TargetResumed;
import static io.virtnode.reconcile.migration.MigrationEvent.TransferStarted;

import io.virtnode.api.v1alpha1.MigrationPhase;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The controller's migration state machine as data: for each phase, the events it acts on and the phase
 * each leads to. An event not listed for a phase changes nothing (it is stale or arrives too early).
 *
 * <p>Failure and cancel tear the target down and keep the source running (Aborting, Cancelling). That
 * holds in Switchover too while the source waits in pre-switchover; once the source reports completion it
 * must never resume, so from then on the switchover handler raises neither event and drives the target
 * to resume instead, and a target failing then ends the migration Failed directly (HandoffFailed).
 */
public final class MigrationTransitions {
  /** One edge of the table. */
  public record Edge(MigrationPhase from, MigrationEvent on, MigrationPhase to) {}

  public static final List<Edge> EDGES = List.of(
      new Edge(Pending, Admitted, Scheduling),
      new Edge(Pending, Rejected, Failed),
      new Edge(Pending, CancelRequested, Cancelled),
      new Edge(Scheduling, TargetChosen, TargetPreparing),
      new Edge(Scheduling, Rejected, Failed),
      new Edge(Scheduling, Failure, Aborting),
      new Edge(Scheduling, CancelRequested, Cancelling),
      new Edge(TargetPreparing, TargetListening, TargetReady),
      new Edge(TargetPreparing, Failure, Aborting),
      new Edge(TargetPreparing, CancelRequested, Cancelling),
      new Edge(TargetReady, TransferStarted, Transferring),
      new Edge(TargetReady, Failure, Aborting),
      new Edge(TargetReady, CancelRequested, Cancelling),
      new Edge(Transferring, SwitchoverReached, Switchover),
      new Edge(Transferring, Failure, Aborting),
      new Edge(Transferring, CancelRequested, Cancelling),
      new Edge(Switchover, TargetResumed, Succeeded),
      new Edge(Switchover, HandoffFailed, Failed),
      new Edge(Switchover, Failure, Aborting),
      new Edge(Switchover, CancelRequested, Cancelling),
      new Edge(Aborting, CleanedUp, Failed),
      new Edge(Cancelling, CleanedUp, Cancelled));

  private static final Map<MigrationPhase, Map<MigrationEvent, MigrationPhase>> TABLE = table();

  private MigrationTransitions() {}

  /** The phase after event in phase, or empty when the event does not apply there. */
  public static Optional<MigrationPhase> next(MigrationPhase phase, MigrationEvent event) {
    return Optional.ofNullable(TABLE.getOrDefault(phase, Map.of()).get(event));
  }

  private static Map<MigrationPhase, Map<MigrationEvent, MigrationPhase>> table() {
    Map<MigrationPhase, Map<MigrationEvent, MigrationPhase>> t = new EnumMap<>(MigrationPhase.class);
    for (Edge e : EDGES) {
      MigrationPhase previous = t.computeIfAbsent(e.from(), p -> new EnumMap<>(MigrationEvent.class)).put(e.on(), e.to());
      if (previous != null) {
        throw new IllegalStateException("two edges for " + e.from() + " on " + e.on());
      }
    }
    return t;
  }
}
