package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** When a migration entered one phase. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationPhaseTime {
  @JsonPropertyDescription("The phase.")
  @Required
  public MigrationPhase phase;

  @JsonPropertyDescription("RFC 3339 time the phase was entered.")
  @Required @Size(max = Bounds.TIME)
  public String time;
}
