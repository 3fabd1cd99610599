package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationDirective;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationSpec;

/**
 * The steps taken, one per stall, when a transfer stops making progress: raise the downtime limit (it starts
 * at min(300 ms, requested) and doubles, capped at the requested limit), then turn auto-converge on if
 * allowed, then switch to post-copy if allowed, else abort. Once post-copy is directed the ladder ends
 * without abort: the target then holds the only complete guest.
 */
public final class EscalationLadder {
  public static final int START_DOWNTIME_MS = 300;
  public static final String RAISE_DOWNTIME = "RaiseDowntime";
  public static final String AUTO_CONVERGE = "AutoConverge";
  public static final String POST_COPY = "PostCopy";
  public static final String ABORT = "Abort";

  /** One step: its action name, what changed, and the directive after it (unchanged for Abort and None). */
  public record Step(String action, String detail, MigrationDirective directive) {}

  private EscalationLadder() {}

  /** The downtime limit a transfer starts with. */
  public static int startDowntime(VirtualMachineMigrationSpec spec) {
    return Math.min(START_DOWNTIME_MS, requested(spec));
  }

  /** The next step after current, or null when post-copy already runs and nothing is left to try. */
  public static Step next(VirtualMachineMigrationSpec spec, MigrationDirective current) {
    int limit = requested(spec);
    int now = current.downtimeLimitMilliseconds == null ? startDowntime(spec) : current.downtimeLimitMilliseconds;
    if (Boolean.TRUE.equals(current.postCopy)) return null;
    if (now < limit) {
      int raised = (int) Math.min((long) now * 2, limit);
      MigrationDirective d = copy(current);
      d.downtimeLimitMilliseconds = raised;
      return new Step(RAISE_DOWNTIME, "downtime limit " + now + " ms -> " + raised + " ms", d);
    }
    if (Boolean.TRUE.equals(spec.allowAutoConverge) && !Boolean.TRUE.equals(current.autoConverge)) {
      MigrationDirective d = copy(current);
      d.autoConverge = true;
      return new Step(AUTO_CONVERGE, "auto-converge on (guest CPUs throttled while memory is dirtied fast)", d);
    }
    if (Boolean.TRUE.equals(spec.allowPostCopy)) {
      MigrationDirective d = copy(current);
      d.postCopy = true;
      return new Step(POST_COPY, "switch to post-copy (the target runs and pulls the remaining pages)", d);
    }
    return new Step(ABORT, "no escalation left at downtime limit " + now + " ms"
        + (Boolean.TRUE.equals(spec.allowAutoConverge) ? " with auto-converge" : "")
        + "; allow a longer downtime, auto-converge or post-copy, or lower the guest's load", current);
  }

  private static int requested(VirtualMachineMigrationSpec spec) {
    return spec.downtimeLimitMilliseconds == null ? START_DOWNTIME_MS : spec.downtimeLimitMilliseconds;
  }

  static MigrationDirective copy(MigrationDirective d) {
    MigrationDirective c = new MigrationDirective();
    c.vmUid = d.vmUid;
    c.sourceNode = d.sourceNode;
    c.targetNode = d.targetNode;
    c.downtimeLimitMilliseconds = d.downtimeLimitMilliseconds;
    c.autoConverge = d.autoConverge;
    c.postCopy = d.postCopy;
    return c;
  }
}
