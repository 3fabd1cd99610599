package io.virtnode.node.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLockTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final JobLock.VmOwner VM = new JobLock.VmOwner("uid-1", "default", "vm");
  @TempDir Path state;

  private JobLock lock(RuntimeStore store) { return new JobLock(store, Clock.fixed(T0, ZoneOffset.UTC)); }

  @Test void aSecondChangeReportsBusyNamingTheJobAndSinceWhen() throws Exception {
    JobLock lock = lock(new RuntimeStore(state));
    try (var start = lock.acquire(VM, JobKind.Start, Duration.ofSeconds(1))) {
      var other = CompletableFuture.supplyAsync(() -> {
        try {
          lock.acquire(VM, JobKind.Hotplug, Duration.ofMillis(200)).close();
          return null;
        } catch (Exception e) {
          return e;
        }
      }).get(30, TimeUnit.SECONDS);
      assertThat(other).isInstanceOf(JobBusyException.class)
          .hasMessageStartingWith("busy: Start since 2026-01-01T10:00:00Z");
      assertThat(((JobBusyException) other).holder()).isEqualTo(JobKind.Start);
    }
  }

  @Test void aSecondChangeWaitsForTheFirstWithinItsTimeout() throws Exception {
    JobLock lock = lock(new RuntimeStore(state));
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    var first = CompletableFuture.runAsync(() -> {
      try (var j = lock.acquire(VM, JobKind.Start, Duration.ofSeconds(1))) {
        held.countDown();
        release.await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    held.await(30, TimeUnit.SECONDS);
    var second = CompletableFuture.supplyAsync(() -> {
      try (var j = lock.acquire(VM, JobKind.Stop, Duration.ofSeconds(60))) {
        return j.kind();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(lock.holder(VM.uid())).isEqualTo(JobKind.Start);
    release.countDown();
    assertThat(second.get(60, TimeUnit.SECONDS)).isEqualTo(JobKind.Stop);
    first.get(30, TimeUnit.SECONDS);
    assertThat(lock.holder(VM.uid())).isNull();
  }

  @Test void thePhaseIsPersistedSoARestartedAgentSeesTheJobInFlight() throws Exception {
    JobLock lock = lock(new RuntimeStore(state));
    var job = lock.acquire(VM, JobKind.MigrateIn, Duration.ofSeconds(1));
    job.phase("incoming-started");

    VmRecord seen = new RuntimeStore(state).load(VM.uid()).orElseThrow(); // a new agent reads the disk
    assertThat(seen.job()).isEqualTo(new JobRecord(JobKind.MigrateIn, "incoming-started", T0.toEpochMilli()));
    assertThat(seen.ownedBy("uid-1", "default", "vm")).isTrue();

    job.close();
    assertThat(new RuntimeStore(state).load(VM.uid()).orElseThrow().job()).isNull();
  }

  @Test void theSameThreadMayNestStepsInItsOwnJob() throws Exception {
    JobLock lock = lock(new RuntimeStore(state));
    try (var outer = lock.acquire(VM, JobKind.Hotplug, Duration.ofSeconds(1));
        var inner = lock.acquire(VM, JobKind.Hotplug, Duration.ofSeconds(1))) {
      assertThat(inner.kind()).isEqualTo(JobKind.Hotplug);
    }
    assertThat(lock.holder(VM.uid())).isNull();
  }

  @Test void otherVmsAreNeverBlocked() throws Exception {
    JobLock lock = lock(new RuntimeStore(state));
    try (var a = lock.acquire(VM, JobKind.Start, Duration.ofSeconds(1))) {
      var other = new JobLock.VmOwner("uid-2", "default", "other");
      CompletableFuture.runAsync(() -> {
        try {
          lock.acquire(other, JobKind.Start, Duration.ZERO).close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }).get(30, TimeUnit.SECONDS);
    }
    assertThatThrownBy(() -> { throw new JobBusyException("x", JobKind.Save, JobKind.Restore, T0); })
        .hasMessageContaining("busy: Restore since");
  }
}
