package io.virtnode.reconcile.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.api.v1alpha1.MigrationDirective;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EscalationLadderTest {
  private static List<String> climb(VirtualMachineMigrationSpec spec) {
    MigrationDirective d = new MigrationDirective();
    d.downtimeLimitMilliseconds = EscalationLadder.startDowntime(spec);
    List<String> steps = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      EscalationLadder.Step s = EscalationLadder.next(spec, d);
      if (s == null) {
        steps.add("end");
        break;
      }
      steps.add(s.action().equals(EscalationLadder.RAISE_DOWNTIME) ? "" + s.directive().downtimeLimitMilliseconds
          : s.action());
      if (s.action().equals(EscalationLadder.ABORT)) break;
      d = s.directive();
    }
    return steps;
  }

  private static VirtualMachineMigrationSpec spec(int downtime, boolean autoConverge, boolean postCopy) {
    VirtualMachineMigrationSpec s = new VirtualMachineMigrationSpec();
    s.downtimeLimitMilliseconds = downtime;
    s.allowAutoConverge = autoConverge;
    s.allowPostCopy = postCopy;
    return s;
  }

  @Test void downtimeDoublesUpToTheRequestedLimitThenAutoConvergeThenPostCopyThenNothing() {
    assertThat(climb(spec(2000, true, true))).containsExactly("600", "1200", "2000", "AutoConverge", "PostCopy", "end");
  }

  @Test void withNothingAllowedBeyondTheDowntimeTheLadderAborts() {
    assertThat(climb(spec(300, false, false))).containsExactly("Abort");
    assertThat(climb(spec(1000, false, false))).containsExactly("600", "1000", "Abort");
  }

  @Test void postCopyWithoutAutoConvergeSkipsIt() {
    assertThat(climb(spec(300, false, true))).containsExactly("PostCopy", "end");
  }

  @Test void aRequestedLimitBelowTheStartIsTheStart() {
    assertThat(EscalationLadder.startDowntime(spec(100, false, false))).isEqualTo(100);
    assertThat(climb(spec(100, true, false))).containsExactly("AutoConverge", "Abort");
  }

  @Test void theLargestLimitStaysWithinTheEscalationsTheStatusKeeps() {
    assertThat(climb(spec(60000, true, true))).hasSizeLessThanOrEqualTo(16).endsWith("PostCopy", "end");
  }

  @Test void eachStepSaysWhatChanged() {
    EscalationLadder.Step s = EscalationLadder.next(spec(2000, false, false), directive(300));
    assertThat(s.detail()).isEqualTo("downtime limit 300 ms -> 600 ms");
    assertThat(EscalationLadder.next(spec(300, false, false), directive(300)).detail())
        .contains("allow a longer downtime");
  }

  private static MigrationDirective directive(int downtime) {
    MigrationDirective d = new MigrationDirective();
    d.downtimeLimitMilliseconds = downtime;
    return d;
  }
}
