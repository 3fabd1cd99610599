package io.virtnode.node.vm;

import io.virtnode.node.qemu.QmpException;
import io.virtnode.node.state.JobKind;
import io.virtnode.node.state.JobLock;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.time.Duration;

/**
 * One step of a graceful stop, never blocking, as a Stop job: ask the guest to power down (or QEMU to quit
 * when the CPUs are stopped and the guest cannot react), quit once the grace period is over, SIGKILL after.
 * The time the stop was asked is in the record, so a restarted agent carries on where it was. A VM whose monitor
 * does not answer gets no monitor call: past the grace period its QEMU gets SIGTERM, then SIGKILL.
 */
final class VmStopper {
  private static final Duration QUIT_GRACE = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofSeconds(1);

  private final VmHost host;
  private final VmJobs jobs;
  private final VmReaper reaper;

  VmStopper(VmHost host, VmJobs jobs, VmReaper reaper) {
    this.host = host;
    this.jobs = jobs;
    this.reaper = reaper;
  }

  StopProgress stop(VmIdentity id) throws VmRuntimeException, IOException {
    try (JobLock.Job job = jobs.take(id, JobKind.Stop)) {
      var h = host.registry.handle(id.uid());
      if (h.isEmpty()) return stopUnreachable(id);
      if (!h.get().process.isAlive()) {
        reaper.reap(h.get());
        return StopProgress.done();
      }
      VmRecord rec = host.store.load(id.uid()).orElseThrow();
      Long asked = rec.process().stopRequestedAt();
      long now = host.clock.millis();
      Duration grace = host.settings.stopGracePeriod();
      boolean hung = host.monitors.unresponsive(id.uid()); // its monitor calls would only wait out the timeout
      if (asked == null) {
        host.store.save(rec.withProcess(rec.process().withStopRequestedAt(now)));
        if (hung) { // the grace period is the monitor's chance to answer; signals follow
          job.phase("await-monitor");
          return StopProgress.waiting(POLL);
        }
        boolean running = "running".equals(status(h.get()));
        send(h.get(), running && !grace.isZero() ? "system_powerdown" : "quit");
        job.phase(running ? "powerdown" : "quit");
        return StopProgress.waiting(POLL);
      }
      long elapsed = now - asked;
      if (elapsed >= grace.toMillis() + QUIT_GRACE.toMillis()) {
        h.get().process.kill(); // exactly this QEMU: a child, or an adopted pid whose start time still matches
      } else if (elapsed >= grace.toMillis()) {
        if (hung) h.get().process.terminate();
        else send(h.get(), "quit");
      }
      return StopProgress.waiting(POLL);
    }
  }

  /** Without a monitor only signals are left: SIGTERM (QEMU shuts down cleanly), SIGKILL after the grace. */
  private StopProgress stopUnreachable(VmIdentity id) throws IOException {
    var qemu = host.registry.unreachable(id.uid());
    if (qemu.isEmpty()) return StopProgress.done();
    if (!qemu.get().isAlive()) {
      reaper.reapUnreachable(id, qemu.get());
      return StopProgress.done();
    }
    VmRecord rec = host.store.load(id.uid()).orElseThrow();
    Long asked = rec.process() == null ? null : rec.process().stopRequestedAt();
    if (asked == null) {
      if (rec.process() != null) host.store.save(rec.withProcess(rec.process().withStopRequestedAt(host.clock.millis())));
      qemu.get().terminate();
    } else if (host.clock.millis() - asked >= host.settings.stopGracePeriod().toMillis() + QUIT_GRACE.toMillis()) {
      qemu.get().kill();
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
