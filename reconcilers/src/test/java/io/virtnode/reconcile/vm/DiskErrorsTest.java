package io.virtnode.reconcile.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.node.vm.DiskError;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** QEMU's disk I/O errors as conditions. */
class DiskErrorsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test void anIoErrorNamesTheDiskBySpecNameAndQemusReason() {
    var c = DiskErrors.apply(List.of(), List.of(new DiskError("data", "read", "Input/output error", false)), false,
        1, NOW);

    Condition e = c.stream().filter(x -> x.type.equals("DiskError")).findFirst().orElseThrow();
    assertThat(e.reason).isEqualTo("IoError");
    assertThat(e.message).isEqualTo("disk data: read error: Input/output error");
    assertThat(c).noneMatch(x -> x.type.equals("Paused"));
  }

  @Test void aGuestPausedOnAnErrorSaysSoInPausedAndIsClearedOnceTheErrorsAre() {
    var c = DiskErrors.apply(List.of(), List.of(new DiskError("root", "write", "No space left on device", true)),
        true, 1, NOW);

    assertThat(c).anyMatch(x -> x.type.equals("Paused") && x.reason.equals("PausedOnIoError")
        && x.message.contains("disk root: write error: No space left on device"));
    assertThat(DiskErrors.apply(c, List.of(), false, 1, NOW)).noneMatch(x -> x.type.equals("DiskError"));
  }
}
