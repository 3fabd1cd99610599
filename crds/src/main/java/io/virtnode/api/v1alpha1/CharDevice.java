package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A character device (serial, console or parallel port) and its host backend. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CharDevice {
  @JsonPropertyDescription("Device name, unique among the VM's character devices (DNS label).")
  @Required @Pattern("^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$")
  public String name;

  @JsonPropertyDescription("Where the host side of the device goes.")
  @Required
  public CharBackend backend;
}
