package io.virtnode.reconcile.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-01-01T00:05:00Z");

  @Test void unchangedStatusKeepsItsTransitionTimeButTakesTheNewMessage() {
    var first = Conditions.set(List.of(), new Condition("Ready", "True", "Running", "pid 1"), 1, T1);
    var second = Conditions.set(first, new Condition("Ready", "True", "Running", "pid 2"), 2, T2);
    assertThat(second).singleElement().satisfies(c -> {
      assertThat(c.lastTransitionTime).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(c.message).isEqualTo("pid 2");
      assertThat(c.observedGeneration).isEqualTo(2);
    });
  }

  @Test void changedStatusGetsANewTransitionTime() {
    var first = Conditions.set(List.of(), new Condition("Ready", "True", "Running", ""), 1, T1);
    var second = Conditions.set(first, new Condition("Ready", "False", "Stopped", ""), 1, T2);
    assertThat(second.get(0).lastTransitionTime).isEqualTo("2026-01-01T00:05:00Z");
  }

  @Test void otherTypesAreKeptInPlaceAndRemoveDropsOnlyOne() {
    var c = Conditions.set(List.of(), new Condition("Scheduled", "True", "Placed", ""), 1, T1);
    c = Conditions.set(c, new Condition("Ready", "True", "Running", ""), 1, T1);
    assertThat(c).extracting(x -> x.type).containsExactly("Scheduled", "Ready");
    assertThat(Conditions.remove(c, "Ready")).extracting(x -> x.type).containsExactly("Scheduled");
    assertThat(Conditions.isTrue(c, "Scheduled")).isTrue();
    assertThat(Conditions.isTrue(c, "Missing")).isFalse();
  }
}
