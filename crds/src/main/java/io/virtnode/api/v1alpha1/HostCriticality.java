package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Whether the host itself needs a device (or a member of its IOMMU group), and what needs it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HostCriticality {
  @JsonPropertyDescription("True when the device is never detached from the host.")
  public Boolean critical;

  @JsonPropertyDescription("What depends on the device or its IOMMU group, e.g. \"filesystem / on /dev/sda1\","
      + " \"swap /dev/sda2\", \"network interface eth0 (up, default route)\".")
  @Size(max = Bounds.DEPENDENTS)
  public List<@Size(max = Bounds.FACT) String> dependents;
}
