package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.MigrationPhaseTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** RFC 3339 times as the migration status stores them (whole seconds, like Kubernetes' metav1.Time). */
final class Times {
  private Times() {}

  static String format(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The parsed time, or empty when absent or malformed (a malformed time never blocks a decision). */
  static Optional<Instant> parse(String s) {
    if (s == null) return Optional.empty();
    try {
      return Optional.of(Instant.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** When phase was entered, from phaseTimes. */
  static Optional<Instant> entered(List<MigrationPhaseTime> phaseTimes, MigrationPhase phase) {
    if (phaseTimes == null) return Optional.empty();
    return phaseTimes.stream().filter(t -> t.phase == phase).findFirst().flatMap(t -> parse(t.time));
  }
}
