package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A virtio-serial channel: a named guest port with a stable port number. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Channel {
  @JsonPropertyDescription("Guest-visible port name, e.g. org.qemu.guest_agent.0.")
  @Required @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$") @Size(max = Bounds.DNS_LABEL)
  public String name;

  @JsonPropertyDescription("virtio-serial port number (1-30); assigned and kept stable when absent.")
  @Min(1) @Max(30)
  public Integer port;

  @JsonPropertyDescription("Where the host side of the channel goes.")
  @Required
  public CharBackend backend;
}
