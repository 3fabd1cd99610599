package io.virtnode.node.vm;

import java.util.Map;

/**
 * What the host says about one VM right now.
 *
 * @param runState "running", "paused", "prelaunch"… as QMP query-status says, or "stopped" when no QEMU runs
 * @param pid QEMU's pid, 0 when none
 * @param stopping a stop was asked and QEMU has not exited yet
 * @param specHash hash of the plan input QEMU was started with, null when none runs
 * @param lastExit the last exit the agent did not ask for, or null
 */
public record Observation(String runState, long pid, boolean stopping, String vncEndpoint, String specHash,
    Map<String, String> addresses, ExitInfo lastExit) {

  public boolean processAlive() { return pid > 0; }

  public boolean running() { return "running".equals(runState); }

  /** CPUs stopped while QEMU lives (paused, prelaunch, and other non-running states). */
  public boolean paused() {
    return processAlive() && !running() && !VmRuntime.MONITOR_UNREACHABLE.equals(runState) && !unresponsive();
  }

  /** QEMU lives but its monitor stopped answering the watchdog: its CPUs' state is not known meanwhile. */
  public boolean unresponsive() { return VmRuntime.MONITOR_UNRESPONSIVE.equals(runState); }
}
