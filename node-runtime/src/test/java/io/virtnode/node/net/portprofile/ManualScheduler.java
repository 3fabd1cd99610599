package io.virtnode.node.net.portprofile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/** Virtual time for tests: scheduled tasks run in due order on the test thread, the clock jumping to each. */
final class ManualScheduler implements PollScheduler {
  private record Task(Instant due, long order, Runnable run) {}

  private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) ->
      a.due().equals(b.due()) ? Long.compare(a.order(), b.order()) : a.due().compareTo(b.due()));
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private long order;

  /** A clock that reads this scheduler's virtual time. */
  final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() { return ZoneOffset.UTC; }

    @Override
    public Clock withZone(java.time.ZoneId zone) { return this; }

    @Override
    public Instant instant() { return now; }
  };

  @Override
  public void schedule(Duration delay, Runnable task) { queue.add(new Task(now.plus(delay), order++, task)); }

  /** Runs tasks until none is left (or a runaway limit); returns how many ran. */
  int runUntilIdle() {
    int ran = 0;
    while (!queue.isEmpty() && ran < 10_000) {
      Task t = queue.poll();
      now = t.due();
      t.run().run();
      ran++;
    }
    return ran;
  }
}
