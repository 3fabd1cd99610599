package io.virtnode.node.vm;

import java.time.Duration;

/** Where a stop stands: done, or still waiting for QEMU to exit (look again after retryAfter). */
public record StopProgress(boolean stopped, Duration retryAfter) {
  public static StopProgress done() { return new StopProgress(true, Duration.ZERO); }

  public static StopProgress waiting(Duration retryAfter) { return new StopProgress(false, retryAfter); }
}
