package io.virtnode.reconcile.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.api.v1alpha1.MigrationPhase;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MigrationTransitionsTest {
  static Stream<Arguments> edges() {
    return MigrationTransitions.EDGES.stream().map(e -> Arguments.of(e.from(), e.on(), e.to()));
  }

  @ParameterizedTest(name = "{0} --{1}--> {2}") @MethodSource("edges")
  void everyEdgeLeadsWhereTheTableSays(MigrationPhase from, MigrationEvent on, MigrationPhase to) {
    assertThat(MigrationTransitions.next(from, on)).contains(to);
  }

  @Test void everyPairNotInTheTableChangesNothing() {
    int ignored = 0;
    for (MigrationPhase p : MigrationPhase.values()) {
      for (MigrationEvent e : MigrationEvent.values()) {
        boolean listed = MigrationTransitions.EDGES.stream().anyMatch(x -> x.from() == p && x.on() == e);
        if (!listed) {
          assertThat(MigrationTransitions.next(p, e)).as(p + " on " + e).isEmpty();
          ignored++;
        }
      }
    }
    assertThat(ignored).isEqualTo(MigrationPhase.values().length * MigrationEvent.values().length
        - MigrationTransitions.EDGES.size());
  }

  @Test void terminalPhasesAreNeverLeft() {
    for (MigrationPhase p : MigrationPhase.values()) {
      if (p.terminal()) {
        for (MigrationEvent e : MigrationEvent.values()) assertThat(MigrationTransitions.next(p, e)).isEmpty();
      }
    }
    assertThat(EnumSet.allOf(MigrationPhase.class).stream().filter(MigrationPhase::terminal))
        .containsExactlyInAnyOrder(MigrationPhase.Succeeded, MigrationPhase.Failed, MigrationPhase.Cancelled);
  }

  @Test void everyPhaseIsReachableFromPendingAndEveryOtherReachesAnEnd() {
    assertThat(reachable(MigrationPhase.Pending)).containsExactlyInAnyOrder(MigrationPhase.values());
    for (MigrationPhase p : MigrationPhase.values()) {
      assertThat(reachable(p).stream().anyMatch(MigrationPhase::terminal)).as(p + " reaches an end").isTrue();
    }
  }

  @Test void aFailureOrCancelBeforeTheHandoffNeverEndsInSucceeded() {
    for (MigrationPhase p : Set.of(MigrationPhase.Scheduling, MigrationPhase.TargetPreparing,
        MigrationPhase.TargetReady, MigrationPhase.Transferring, MigrationPhase.Switchover)) {
      assertThat(MigrationTransitions.next(p, MigrationEvent.Failure)).contains(MigrationPhase.Aborting);
      assertThat(MigrationTransitions.next(p, MigrationEvent.CancelRequested)).contains(MigrationPhase.Cancelling);
    }
    assertThat(reachable(MigrationPhase.Aborting)).doesNotContain(MigrationPhase.Succeeded);
    assertThat(reachable(MigrationPhase.Cancelling)).doesNotContain(MigrationPhase.Succeeded);
  }

  @Test void onlySwitchoverLeadsToSucceeded() {
    assertThat(MigrationTransitions.EDGES.stream().filter(e -> e.to() == MigrationPhase.Succeeded))
        .singleElement().satisfies(e -> {
          assertThat(e.from()).isEqualTo(MigrationPhase.Switchover);
          assertThat(e.on()).isEqualTo(MigrationEvent.TargetResumed);
        });
  }

  @Test void onlyATargetFailingAfterTheSourceCompletedEndsSwitchoverFailedWithoutAbort() {
    assertThat(MigrationTransitions.EDGES.stream().filter(e -> e.on() == MigrationEvent.HandoffFailed))
        .singleElement().satisfies(e -> {
          assertThat(e.from()).isEqualTo(MigrationPhase.Switchover);
          assertThat(e.to()).isEqualTo(MigrationPhase.Failed);
        });
  }

  private static Set<MigrationPhase> reachable(MigrationPhase start) {
    Set<MigrationPhase> seen = EnumSet.of(start);
    ArrayDeque<MigrationPhase> todo = new ArrayDeque<>(seen);
    while (!todo.isEmpty()) {
      MigrationPhase p = todo.pop();
      for (MigrationEvent e : MigrationEvent.values()) {
        MigrationTransitions.next(p, e).filter(seen::add).ifPresent(todo::push);
      }
    }
    return seen;
  }
}
