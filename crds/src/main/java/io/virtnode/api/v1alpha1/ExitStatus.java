package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Size;

/** An exit of QEMU that the agent did not ask for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = DeepMergeCustomizer.class, input = "{\"properties\":{\"time\":{\"format\":\"date-time\"}}}")
public class ExitStatus {
  @JsonPropertyDescription("RFC 3339 time the exit was noticed.")
  @Size(max = Bounds.TIME)
  public String time;

  @JsonPropertyDescription("What ended QEMU, e.g. \"killed by signal 9\" or \"guest shutdown\".")
  @Size(max = Bounds.FACT)
  public String reason;
}
