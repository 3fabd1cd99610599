package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationEndpoint;

/** The states the source and target agents report in their sections, and questions about them. */
public final class AgentState {
  public static final String PREPARING = "Preparing";
  public static final String LISTENING = "Listening";
  public static final String MIRRORING = "Mirroring";
  public static final String SENDING = "Sending";
  public static final String PAUSED_FOR_SWITCHOVER = "PausedForSwitchover";
  public static final String COMPLETED = "Completed";
  public static final String RESUMED = "Resumed";
  public static final String CLEANED_UP = "CleanedUp";
  public static final String FAILED = "Failed";

  private AgentState() {}

  /** The state of a section, or null when the agent has not written one. */
  public static String of(MigrationEndpoint e) {
    return e == null ? null : e.state;
  }

  public static boolean is(MigrationEndpoint e, String state) {
    return state.equals(of(e));
  }

  /** True when the side never started or reports it has torn down what it made. */
  public static boolean quiet(MigrationEndpoint e) {
    return of(e) == null || is(e, CLEANED_UP);
  }
}
