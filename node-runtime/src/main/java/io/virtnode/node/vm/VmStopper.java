package io.virtnode.node.vm;

import io.virtnode.node.qemu.QmpException;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * One step of a graceful stop, never blocking: ask the guest to power down (or QEMU to quit when the CPUs
 * are stopped and the guest cannot react), quit once the grace period is over, SIGKILL after that.
 */
final class VmStopper {
  private static final Duration QUIT_GRACE = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofSeconds(1);

  private final VmRuntime runtime;
  private final Duration grace;
  private final Clock clock;

  VmStopper(VmRuntime runtime, Duration grace, Clock clock) {
    this.runtime = runtime;
    this.grace = grace;
    this.clock = clock;
  }

  StopProgress stop(String uid) throws IOException {
    VmHandle h = runtime.handle(uid);
    if (h == null) return stopUnreachable(uid);
    if (!h.process.isAlive()) {
      runtime.reap(h);
      return StopProgress.done();
    }
    VmRecord rec = runtime.store().load(uid).orElseThrow();
    Long asked = rec.process().stopRequestedAt();
    long now = clock.millis();
    if (asked == null) {
      runtime.store().save(rec.withProcess(rec.process().withStopRequestedAt(now)));
      boolean running = "running".equals(status(h));
      send(h, running && !grace.isZero() ? "system_powerdown" : "quit");
      return StopProgress.waiting(POLL);
    }
    long elapsed = now - asked;
    if (elapsed >= grace.toMillis() + QUIT_GRACE.toMillis()) {
      h.process.kill();
    } else if (elapsed >= grace.toMillis()) {
      send(h, "quit");
    }
    return StopProgress.waiting(POLL);
  }

  /** Without a monitor only signals are left: SIGTERM (QEMU shuts down cleanly), SIGKILL after the grace. */
  private StopProgress stopUnreachable(String uid) throws IOException {
    var qemu = runtime.unreachable(uid);
    if (qemu == null || !qemu.isAlive()) {
      runtime.observe(uid); // forgets it and gives its files back
      return StopProgress.done();
    }
    VmRecord rec = runtime.store().load(uid).orElseThrow();
    Long asked = rec.process().stopRequestedAt();
    if (asked == null) {
      runtime.store().save(rec.withProcess(rec.process().withStopRequestedAt(clock.millis())));
      qemu.terminate();
    } else if (clock.millis() - asked >= grace.toMillis() + QUIT_GRACE.toMillis()) {
      qemu.kill();
    }
    return StopProgress.waiting(POLL);
  }

  private static String status(VmHandle h) {
    try {
      return h.monitor.execute("query-status", null).path("status").asText();
    } catch (QmpException e) {
      return "unknown";
    }
  }

  private static void send(VmHandle h, String command) {
    try {
      h.monitor.execute(command, null);
    } catch (QmpException e) {
      // QEMU may already be on its way out; the exit is noticed through the process and the monitor.
    }
  }
}
