package io.virtnode.node.net.portprofile;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a task after a delay; production uses a ScheduledExecutorService, tests a virtual-time queue. */
@FunctionalInterface
public interface PollScheduler {
  void schedule(Duration delay, Runnable task);

  /** Backed by an executor's schedule(). */
  static PollScheduler of(ScheduledExecutorService executor) {
    return (delay, task) -> executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }
}
