package io.virtnode.reconcile.vm;

import java.time.Duration;

/**
 * Outcome of one converging step: a failure to report (or null), when to look again (or null), the
 * storage warning found (null when no storage check ran, {@link #NO_WARNING} when it found nothing), and the
 * live change that failed (null when none was tried, {@link #NO_WARNING} when all pending ones were done).
 */
record Step(Failure failure, Duration retryAfter, Failure storageWarning, Failure hotplug) {
  /** No storage warning: checks ran and found nothing to warn about. */
  static final Failure NO_WARNING = new Failure("", "");
  static final Step DONE = new Step(null, null, null, null);

  Step(Failure failure, Duration retryAfter) { this(failure, retryAfter, null, null); }

  Step(Failure failure, Duration retryAfter, Failure storageWarning) { this(failure, retryAfter, storageWarning, null); }

  static Step again(Duration d) { return new Step(null, d.isZero() ? Duration.ofMillis(200) : d); }
}
