package io.virtnode.node.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {
  private static final long MIB = 1 << 20;
  private final Instant t0 = Instant.parse("2026-12-02T00:00:00Z");

  private static MigrationSample active(long transferred, long remaining, long passes) {
    return new MigrationSample("active", 512 * MIB, transferred, remaining, 1000, 4096, 800.0, passes, 300, 12, 0,
        0, 0);
  }

  @Test void readsQemusQueryMigrateReply() throws Exception {
    MigrationSample s = MigrationSample.of(new ObjectMapper().readTree("""
        {"status":"active","expected-downtime":310,"setup-time":14,"total-time":2150,
         "ram":{"total":536870912,"transferred":268435456,"remaining":134217728,"dirty-pages-rate":2500,
                "page-size":4096,"mbps":1000.5,"dirty-sync-count":3}}"""));
    assertThat(s.totalBytes()).isEqualTo(512 * MIB);
    assertThat(s.transferredBytes()).isEqualTo(256 * MIB);
    assertThat(s.remainingBytes()).isEqualTo(128 * MIB);
    assertThat(s.dirtyRateBytesPerSecond()).isEqualTo(2500L * 4096);
    assertThat(s.throughputBytesPerSecond()).isEqualTo(125_062_500L);
    assertThat(s.dirtySyncCount()).isEqualTo(3);
    assertThat(s.expectedDowntimeMs()).isEqualTo(310);
    assertThat(s.setupTimeMs()).isEqualTo(14);
    assertThat(MigrationSample.of(new ObjectMapper().readTree("{\"status\":\"setup\"}")).totalBytes()).isZero();
  }

  @Test void percentNeverRunsBackwardsWhenTheGuestDirtiesMemoryAgain() {
    ProgressTracker t = new ProgressTracker(Duration.ofSeconds(150));
    assertThat(t.update(active(100 * MIB, 400 * MIB, 1), t0).percent()).isEqualTo(20);
    assertThat(t.update(active(300 * MIB, 200 * MIB, 1), t0.plusSeconds(1)).percent()).isEqualTo(60);
    // second pass: remaining grows back as dirty pages are found; a raw ratio would say 50 %
    assertThat(t.update(active(320 * MIB, 320 * MIB, 2), t0.plusSeconds(2)).percent()).isEqualTo(60);
    assertThat(t.update(active(600 * MIB, 40 * MIB, 3), t0.plusSeconds(3)).percent()).isEqualTo(93);
    MigrationSample done = new MigrationSample("completed", 512 * MIB, 640 * MIB, 0, 0, 4096, 0, 4, 0, 12, 85,
        4000, 0);
    MigrationProgress end = t.update(done, t0.plusSeconds(4));
    assertThat(end.percent()).isEqualTo(100);
    assertThat(end.downtimeMs()).isEqualTo(85);
  }

  @Test void convergenceIsRemainingOverTheLastPassAndFallsAsTheTransferConverges() {
    ProgressTracker t = new ProgressTracker(Duration.ofSeconds(150));
    assertThat(t.update(active(0, 512 * MIB, 1), t0).convergence()).isNull();
    // pass 1 sent 512 MiB; 64 MiB were dirtied meanwhile
    assertThat(t.update(active(512 * MIB, 64 * MIB, 2), t0.plusSeconds(4)).convergence()).isEqualTo(0.125);
    // pass 2 sent those 64 MiB; 4 MiB remain
    assertThat(t.update(active(576 * MIB, 4 * MIB, 3), t0.plusSeconds(5)).convergence()).isEqualTo(0.0625);
  }

  @Test void aPassThatSentNothingKeepsTheLastFigure() {
    ProgressTracker t = new ProgressTracker(Duration.ofSeconds(150));
    t.update(active(0, 512 * MIB, 1), t0);
    assertThat(t.update(active(0, 512 * MIB, 2), t0.plusSeconds(1)).convergence()).isNull();
    assertThat(t.update(active(256 * MIB, 32 * MIB, 3), t0.plusSeconds(2)).convergence()).isEqualTo(0.125);
    assertThat(t.update(active(256 * MIB, 32 * MIB, 4), t0.plusSeconds(3)).convergence()).isEqualTo(0.125);
  }

  @Test void aTransferWhoseRemainingBytesReachNoNewLowWithinTheTimeoutIsStalled() {
    ProgressTracker t = new ProgressTracker(Duration.ofSeconds(10));
    assertThat(t.update(active(100 * MIB, 200 * MIB, 1), t0).stalled()).isFalse();
    assertThat(t.update(active(200 * MIB, 210 * MIB, 2), t0.plusSeconds(6)).stalled()).isFalse();
    assertThat(t.update(active(300 * MIB, 205 * MIB, 3), t0.plusSeconds(10)).stalled()).isTrue();
    assertThat(t.update(active(400 * MIB, 150 * MIB, 4), t0.plusSeconds(11)).stalled()).isFalse();
  }
}
