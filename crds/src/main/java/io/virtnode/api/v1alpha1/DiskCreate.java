package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Blank-image creation request; never applied to an existing file. */
public class DiskCreate {
  @JsonPropertyDescription("Size of the new image in Mi or Gi, e.g. 64Mi.")
  @Required @Pattern(Bounds.SIZE_PATTERN) @Size(max = Bounds.SIZE)
  public String size;
}
