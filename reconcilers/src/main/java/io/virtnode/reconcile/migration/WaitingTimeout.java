package io.virtnode.reconcile.migration;

import java.time.Duration;

/** A phase that waits on an agent fails when the agent says nothing new within the progress timeout. */
final class WaitingTimeout {
  private WaitingTimeout() {}

  static boolean expired(Observed o) {
    return !Duration.between(o.enteredPhase(), o.now()).minus(progressTimeout(o)).isNegative();
  }

  static Duration progressTimeout(Observed o) {
    Integer s = o.spec().progressTimeoutSeconds;
    return Duration.ofSeconds(s == null ? 150 : s);
  }
}
