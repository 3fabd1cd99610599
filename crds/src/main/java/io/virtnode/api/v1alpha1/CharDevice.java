package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A character device (serial, console or parallel port) and its host backend. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CharDevice {
  @JsonPropertyDescription("Device name, unique among the VM's character devices (DNS label).")
  @Required @Pattern(Bounds.DNS_LABEL_PATTERN) @Size(max = Bounds.CHAR_DEVICE_NAME)
  public String name;

  @JsonPropertyDescription("Where the host side of the device goes.")
  @Required
  public CharBackend backend;
}
