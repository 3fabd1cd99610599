package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Transfer figures of a migration; byte counts are guest RAM unless named otherwise. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationProgressStatus {
  @JsonPropertyDescription("Share of the work done, 0 to 100; never lower than an earlier figure.")
  @Min(0) @Max(100)
  public Integer percent;

  @JsonPropertyDescription("Remaining bytes divided by the bytes sent in the last pass, as a decimal (e.g. 0.125):"
      + " below 1 the rest fits in one more pass; a figure that does not fall means no convergence.")
  @Size(max = Bounds.WORD)
  public String convergence;

  @JsonPropertyDescription("Guest memory in bytes.")
  public Long bytesTotal;

  @JsonPropertyDescription("Bytes sent so far (pages dirtied again are counted again).")
  public Long bytesTransferred;

  @JsonPropertyDescription("Bytes still to send.")
  public Long bytesRemaining;

  @JsonPropertyDescription("Bytes per second sent, as QEMU measured it.")
  public Long throughputBytesPerSecond;

  @JsonPropertyDescription("Bytes per second the guest dirties.")
  public Long dirtyRateBytesPerSecond;

  @JsonPropertyDescription("Passes over guest memory so far.")
  public Long passes;

  @JsonPropertyDescription("Downtime QEMU expects at switchover now, in milliseconds.")
  public Long expectedDowntimeMilliseconds;

  @JsonPropertyDescription("Milliseconds QEMU took to set the transfer up.")
  public Long setupTimeMilliseconds;

  @JsonPropertyDescription("Downtime measured at the end, in milliseconds.")
  public Long downtimeMilliseconds;

  @JsonPropertyDescription("Per-disk copy progress when node-local disks move.")
  @Size(max = Bounds.DISKS)
  public List<MigrationDiskProgress> disks;
}
