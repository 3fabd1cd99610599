package io.virtnode.reconcile.vm;

import java.time.Duration;

/**
 * Outcome of one converging step: a failure to report (or null), when to look again (or null), and the
 * storage warning found (null when no storage check ran, {@link #NO_WARNING} when it found nothing).
 */
record Step(Failure failure, Duration retryAfter, Failure storageWarning) {
  /** No storage warning: checks ran and found nothing to warn about. */
  static final Failure NO_WARNING = new Failure("", "");
  static final Step DONE = new Step(null, null, null);

  Step(Failure failure, Duration retryAfter) { this(failure, retryAfter, null); }

  static Step again(Duration d) { return new Step(null, d.isZero() ? Duration.ofMillis(200) : d); }
}
