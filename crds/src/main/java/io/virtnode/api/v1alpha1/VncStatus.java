package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** Where the VM's VNC server listens. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VncStatus {
  @JsonPropertyDescription("host:port for TCP, unix:PATH for a socket.")
  @Size(max = Bounds.ENDPOINT)
  public String endpoint;

  public VncStatus() {}

  public VncStatus(String endpoint) { this.endpoint = endpoint; }
}
