package io.virtnode.node.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every watched VM's monitor a cheap question on one shared, jittered cadence and reports when a
 * monitor stops answering and when it answers again. A check waits at most the QMP timeout, and checks come
 * at most one timeout apart, so a monitor that hangs is reported within twice the timeout. Probes run on a
 * pool whose threads exist only while probes are in flight: a hung VM holds one thread, others none.
 */
public final class MonitorWatchdog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorWatchdog.class);

  private final ScheduledExecutorService scheduler;
  private final ExecutorService probes;
  private final Duration interval;
  private final Duration timeout;
  private final DoubleSupplier jitter;
  private final Clock clock;
  private final MonitorHealthListener listener;
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();

  /**
   * @param interval how often a monitor is asked (capped at timeout, and shortened by up to 10 % at random)
   * @param timeout how long one answer may take (the agent's QMP timeout)
   * @param jitter numbers in [0, 1) spreading checks of many VMs apart
   */
  public MonitorWatchdog(Duration interval, Duration timeout, DoubleSupplier jitter, Clock clock,
      MonitorHealthListener listener) {
    if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("watchdog interval and timeout must be positive");
    }
    this.interval = interval.compareTo(timeout) > 0 ? timeout : interval;
    this.timeout = timeout;
    this.jitter = jitter;
    this.clock = clock;
    this.listener = listener;
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("monitor-watchdog"));
    timer.setRemoveOnCancelPolicy(true);
    this.scheduler = timer;
    this.probes = Executors.newCachedThreadPool(daemon("monitor-probe"));
  }

  /** Starts (or restarts) watching the monitor of uid's QEMU pid; the first check comes one interval from now. */
  public void watch(String uid, long pid, MonitorProbe probe) {
    Watch w = new Watch(uid, pid, probe, new MonitorHealth(true, clock.instant(), pid, probe.command(), null));
    Watch old = watches.put(uid, w);
    if (old != null) old.cancel();
    schedule(w);
  }

  /** Stops watching uid (its QEMU stopped or exited); a probe in flight is ignored when it returns. */
  public void unwatch(String uid) {
    Watch w = watches.remove(uid);
    if (w != null) w.cancel();
  }

  /** Stops watching uid only if its watched QEMU is pid (an exit of an old QEMU never unwatches a new one). */
  public void unwatch(String uid, long pid) {
    Watch w = watches.get(uid);
    if (w != null && w.pid == pid && watches.remove(uid, w)) w.cancel();
  }

  /** The last known health of uid's monitor, if it is watched. */
  public Optional<MonitorHealth> health(String uid) {
    return Optional.ofNullable(watches.get(uid)).map(w -> w.health);
  }

  /** Whether uid is watched and its monitor has stopped answering. */
  public boolean isUnresponsive(String uid) {
    return health(uid).map(h -> !h.responsive()).orElse(false);
  }

  private void schedule(Watch w) {
    long nanos = (long) (interval.toNanos() * (1.0 - 0.1 * jitter.getAsDouble()));
    try {
      w.next = scheduler.schedule(() -> check(w), nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // closed: nothing more to watch
    }
  }

  private void check(Watch w) {
    if (watches.get(w.uid) != w) return;
    if (w.inFlight) {
      overdue(w);
    } else {
      w.inFlight = true;
      Instant sent = clock.instant();
      w.sentAt = sent;
      try {
        probes.execute(() -> probe(w));
        w.overdueCheck = scheduler.schedule(() -> overdue(w), timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        return;
      }
    }
    schedule(w);
  }

  private void probe(Watch w) {
    try {
      w.probe.check(timeout);
      if (watches.get(w.uid) == w) answered(w);
    } catch (Exception e) {
      if (watches.get(w.uid) == w) silent(w, w.probe.command() + " failed: " + e.getMessage());
    } finally {
      w.inFlight = false;
    }
  }

  /** A probe still in flight past the timeout: the monitor is not answering. */
  private void overdue(Watch w) {
    Instant sent = w.sentAt;
    if (watches.get(w.uid) == w && w.inFlight && sent != null
        && Duration.between(sent, clock.instant()).compareTo(timeout) >= 0) {
      silent(w, "no answer to " + w.probe.command() + " within " + timeout.toSeconds() + " s");
    }
  }

  private void silent(Watch w, String detail) {
    synchronized (w) {
      if (!w.health.responsive()) return;
      w.health = new MonitorHealth(false, clock.instant(), w.pid, w.probe.command(), detail);
    }
    LOG.warn("VM {}: the monitor of QEMU pid {} does not answer (last command {}): {}", w.uid, w.pid,
        w.probe.command(), detail);
    listener.unresponsive(w.uid, w.health);
  }

  private void answered(Watch w) {
    synchronized (w) {
      if (w.health.responsive()) return;
      w.health = new MonitorHealth(true, clock.instant(), w.pid, w.probe.command(), null);
    }
    LOG.info("VM {}: the monitor of QEMU pid {} answers again", w.uid, w.pid);
    listener.recovered(w.uid, w.health);
  }

  @Override
  public void close() {
    watches.clear();
    scheduler.shutdownNow();
    probes.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** One watched monitor. */
  private static final class Watch {
    final String uid;
    final long pid;
    final MonitorProbe probe;
    volatile MonitorHealth health;
    volatile boolean inFlight;
    volatile Instant sentAt;
    volatile ScheduledFuture<?> next;
    volatile ScheduledFuture<?> overdueCheck;

    Watch(String uid, long pid, MonitorProbe probe, MonitorHealth health) {
      this.uid = uid;
      this.pid = pid;
      this.probe = probe;
      this.health = health;
    }

    void cancel() {
      ScheduledFuture<?> n = next;
      if (n != null) n.cancel(false);
      ScheduledFuture<?> o = overdueCheck;
      if (o != null) o.cancel(false);
    }
  }
}
