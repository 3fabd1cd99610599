package io.virtnode.node.health;

import java.time.Duration;

/** One cheap monitor round trip for a VM (e.g. {@code query-status}), bounded by the given timeout. */
@FunctionalInterface
public interface MonitorProbe {
  /** Returns normally when the monitor answered; throws when it did not answer in time or failed. */
  void check(Duration timeout) throws Exception;

  /** The command the probe sends, named in logs and conditions. */
  default String command() {
    return "query-status";
  }
}
