package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/** The controller's stall watch: the lowest remaining bytes seen and since when no new low was reached. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationWatch {
  @JsonPropertyDescription("Lowest bytes still to send (RAM and disks) seen so far.")
  @Min(0)
  public Long lowestBytesRemaining;

  @JsonPropertyDescription("RFC 3339 time of that low, or of the last escalation when later.")
  @Size(max = Bounds.TIME)
  public String since;
}
