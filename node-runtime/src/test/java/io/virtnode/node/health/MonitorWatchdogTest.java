package io.virtnode.node.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MonitorWatchdogTest {
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private final MonitorWatchdog watchdog = new MonitorWatchdog(Duration.ofMillis(50), Duration.ofMillis(200),
      () -> 0.5, Clock.systemUTC(), new MonitorHealthListener() {
        @Override public void unresponsive(String uid, MonitorHealth h) { reports.add("down " + uid + " " + h.pid()); }
        @Override public void recovered(String uid, MonitorHealth h) { reports.add("up " + uid + " " + h.pid()); }
      });

  @AfterEach void close() { watchdog.close(); }

  /** A monitor that answers at once, or — while hung — blocks until the probe's timeout and fails. */
  static final class FakeMonitor implements MonitorProbe {
    final AtomicBoolean hung = new AtomicBoolean();
    final AtomicInteger asked = new AtomicInteger();

    @Override public void check(Duration timeout) throws Exception {
      asked.incrementAndGet();
      if (hung.get()) {
        long until = System.nanoTime() + timeout.toNanos();
        while (hung.get() && System.nanoTime() < until) TimeUnit.MILLISECONDS.sleep(5);
        if (hung.get()) throw new TimeoutException("query-status: no reply in " + timeout);
      }
    }
  }

  @Test void aHungMonitorIsReportedOnceAndItsRecoveryOnceWhileOthersStayQuiet() {
    FakeMonitor a = new FakeMonitor();
    FakeMonitor b = new FakeMonitor();
    watchdog.watch("a", 11, a);
    watchdog.watch("b", 22, b);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.asked.get() >= 2 && b.asked.get() >= 2);
    assertThat(reports).isEmpty();

    a.hung.set(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> watchdog.isUnresponsive("a"));
    MonitorHealth down = watchdog.health("a").orElseThrow();
    assertThat(down.detail()).contains("query-status");
    assertThat(down.pid()).isEqualTo(11);
    int askedWhileHung = a.asked.get();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.asked.get() > askedWhileHung + 1);
    assertThat(reports).containsExactly("down a 11");
    assertThat(watchdog.isUnresponsive("b")).isFalse();

    a.hung.set(false);
    await().atMost(Duration.ofSeconds(10)).until(() -> !watchdog.isUnresponsive("a"));
    assertThat(reports).containsExactly("down a 11", "up a 11");
  }

  @Test void aProbeThatIgnoresItsTimeoutIsStillReportedAfterTheTimeout() {
    AtomicBoolean release = new AtomicBoolean();
    MonitorProbe stuck = timeout -> {
      while (!release.get()) TimeUnit.MILLISECONDS.sleep(5);
    };
    watchdog.watch("s", 33, stuck);
    await().atMost(Duration.ofSeconds(10)).until(() -> watchdog.isUnresponsive("s"));
    assertThat(watchdog.health("s").orElseThrow().detail()).contains("no answer to query-status");
    release.set(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> !watchdog.isUnresponsive("s"));
  }

  @Test void anUnwatchedMonitorIsNeitherAskedNorReported() throws Exception {
    FakeMonitor a = new FakeMonitor();
    watchdog.watch("a", 11, a);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.asked.get() >= 1);
    watchdog.unwatch("a");
    a.hung.set(true);
    int asked = a.asked.get();
    TimeUnit.MILLISECONDS.sleep(600); // three timeouts: a watched monitor would have been reported by now
    assertThat(a.asked.get()).isLessThanOrEqualTo(asked + 1);
    assertThat(reports).isEmpty();
    assertThat(watchdog.health("a")).isEmpty();
  }

  @Test void watchingAgainReplacesTheOldWatch() {
    FakeMonitor old = new FakeMonitor();
    FakeMonitor fresh = new FakeMonitor();
    old.hung.set(true);
    watchdog.watch("a", 11, old);
    watchdog.watch("a", 12, fresh);
    await().atMost(Duration.ofSeconds(10)).until(() -> fresh.asked.get() >= 3);
    assertThat(old.asked.get()).isZero();
    assertThat(reports).isEmpty();
    assertThat(watchdog.health("a").orElseThrow().pid()).isEqualTo(12);
  }

  @Test void anOldQemusExitDoesNotUnwatchItsSuccessor() {
    FakeMonitor fresh = new FakeMonitor();
    watchdog.watch("a", 12, fresh);
    watchdog.unwatch("a", 11); // the previous QEMU's exit, noticed late
    assertThat(watchdog.health("a")).isPresent();
    fresh.hung.set(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> watchdog.isUnresponsive("a"));
    watchdog.unwatch("a", 12);
    assertThat(watchdog.health("a")).isEmpty();
    assertThat(watchdog.isUnresponsive("a")).isFalse();
  }

  @Test void intervalAndTimeoutMustBePositive() {
    assertThatThrownBy(() -> new MonitorWatchdog(Duration.ZERO, Duration.ofSeconds(1), () -> 0, Clock.systemUTC(),
        null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MonitorWatchdog(Duration.ofSeconds(1), Duration.ofSeconds(-1), () -> 0,
        Clock.systemUTC(), null)).isInstanceOf(IllegalArgumentException.class);
  }
}
