package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One step the controller took because the transfer stopped making progress. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationEscalation {
  @JsonPropertyDescription("RFC 3339 time of the step.")
  @Required @Size(max = Bounds.TIME)
  public String time;

  @JsonPropertyDescription("The step: RaiseDowntime, AutoConverge, PostCopy or Abort.")
  @Required @Size(max = Bounds.WORD)
  public String action;

  @JsonPropertyDescription("What changed, e.g. \"downtime limit 300 ms -> 600 ms\".")
  @Size(max = Bounds.FACT)
  public String detail;
}
