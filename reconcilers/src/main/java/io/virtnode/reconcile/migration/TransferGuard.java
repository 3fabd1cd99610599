package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The completion timeout, counted from the transfer's start. It does not apply once post-copy is directed:
 * then only the target holds the whole guest and aborting would lose it.
 */
final class TransferGuard {
  private TransferGuard() {}

  static Optional<Decision> timedOut(Observed o) {
    if (Boolean.TRUE.equals(o.directive().postCopy)) return Optional.empty();
    Optional<Instant> start = Times.entered(o.status().phaseTimes, MigrationPhase.Transferring);
    if (start.isEmpty()) return Optional.empty();
    Duration budget = CompletionBudget.of(o.spec(), o.vm(), o.status().progress);
    if (Duration.between(start.get(), o.now()).compareTo(budget) < 0) return Optional.empty();
    return Optional.of(Decision.fail(MigrationEvent.Failure, "CompletionTimeout", "the transfer did not complete"
        + " within " + budget.toSeconds() + " s (" + o.spec().completionTimeoutPerGiBSeconds
        + " s per GiB of memory and copied disk); raise completionTimeoutPerGiBSeconds or bandwidth, or allow"
        + " post-copy"));
  }
}
