package io.virtnode.node.vm;

import io.virtnode.node.health.MonitorHealth;
import io.virtnode.node.health.MonitorHealthListener;
import io.virtnode.node.health.MonitorWatchdog;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every running VM whose monitor the agent holds under the watchdog: watched when attached (start or
 * reconnect), unwatched when its QEMU exits or its monitor closes. A change of health is logged with the VM's
 * namespace/name and becomes a host change of exactly that VM.
 */
final class VmMonitorWatch implements MonitorHealthListener {
  private static final Logger LOG = LoggerFactory.getLogger(VmMonitorWatch.class);
  /** How often a monitor is asked when the QMP timeout is longer (the watchdog caps it at the timeout). */
  static final Duration INTERVAL = Duration.ofSeconds(10);

  private final VmHost host;
  final MonitorWatchdog watchdog;

  VmMonitorWatch(VmHost host) {
    this.host = host;
    this.watchdog = new MonitorWatchdog(INTERVAL, host.settings.qmpTimeout(),
        () -> ThreadLocalRandom.current().nextDouble(), host.clock, this);
  }

  /** Watches h's monitor with query-status bounded by the QMP timeout, until its QEMU exits or the monitor closes. */
  void watch(VmHandle h) {
    String uid = h.id.uid();
    long pid = h.process.pid();
    watchdog.watch(uid, pid, timeout -> h.monitor.execute("query-status", null, timeout));
    h.monitor.addCloseListener(() -> watchdog.unwatch(uid, pid));
    h.process.onExit().thenRun(() -> watchdog.unwatch(uid, pid));
  }

  /** Whether the VM's monitor is watched and has stopped answering: callers skip monitor calls meanwhile. */
  boolean unresponsive(String uid) { return watchdog.isUnresponsive(uid); }

  @Override public void unresponsive(String uid, MonitorHealth health) {
    host.registry.liveIdentity(uid).ifPresent(id -> {
      LOG.error("VM {}: QEMU pid {} does not answer {} on its monitor ({}); its status says MonitorUnresponsive"
          + " until it answers", id.displayName(), health.pid(), health.lastCommand(), health.detail());
      host.changeListener.accept(id);
    });
  }

  @Override public void recovered(String uid, MonitorHealth health) {
    host.registry.liveIdentity(uid).ifPresent(id -> {
      LOG.warn("VM {}: QEMU pid {} answers on its monitor again", id.displayName(), health.pid());
      host.changeListener.accept(id);
    });
  }
}
