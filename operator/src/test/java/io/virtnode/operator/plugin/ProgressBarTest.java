package io.virtnode.operator.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void theBarFillsInProportionAndNamesThePhase() {
    assertThat(ProgressBar.render(50, "Transferring", 10)).isEqualTo("[#####-----]  50% Transferring");
    assertThat(ProgressBar.render(100, "Succeeded", 10)).isEqualTo("[##########] 100% Succeeded");
  }

  @Test
  void nothingKnownYetShowsAnEmptyPendingBar() {
    assertThat(ProgressBar.render(null, null, 4)).isEqualTo("[----]   -% Pending");
  }

  @Test
  void figuresOutOfRangeAreClamped() {
    assertThat(ProgressBar.render(140, "Switchover", 4)).isEqualTo("[####] 100% Switchover");
    assertThat(ProgressBar.render(-3, "Transferring", 4)).isEqualTo("[----]   0% Transferring");
  }
}
