package io.virtnode.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A condition never carries more than the CRD lets the apiserver store. */
@Tag("api")
class ConditionTest {
  @Test void aMessageLongerThanTheApiAllowsIsClippedVisibly() {
    Condition c = new Condition("Failed", "True", "QemuExited", "x".repeat(Bounds.CONDITION_MESSAGE + 10));
    assertThat(c.message.codePointCount(0, c.message.length())).isEqualTo(Bounds.CONDITION_MESSAGE);
    assertThat(c.message).endsWith(" …");
  }

  @Test void aMessageWithinTheBoundIsKeptAsIs() {
    String exact = "é".repeat(Bounds.CONDITION_MESSAGE);
    assertThat(new Condition("Ready", "True", "Running", exact).message).isEqualTo(exact);
    assertThat(new Condition("Ready", "True", "Running", null).message).isNull();
  }
}
