package io.virtnode.node.health;

import java.time.Duration;
import java.time.Instant;

/**
 * What the watchdog last learned of one VM's monitor: whether it answers, since when, and the command
 * that was outstanding when it stopped answering.
 *
 * @param responsive false once a check went unanswered past the QMP timeout
 * @param since when the monitor last changed between responsive and not
 * @param pid the QEMU behind the monitor
 * @param lastCommand the command in flight when the monitor stopped answering (or the last one answered)
 * @param detail why it is unresponsive (the timeout or error), null when responsive
 */
public record MonitorHealth(boolean responsive, Instant since, long pid, String lastCommand, String detail) {
  /** How long the monitor has been in its present state. */
  public Duration age(Instant now) {
    return Duration.between(since, now);
  }
}
