package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where the VM's VNC server listens. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VncStatus {
  /** host:port for TCP, unix:PATH for a socket. */
  public String endpoint;

  public VncStatus() {}

  public VncStatus(String endpoint) { this.endpoint = endpoint; }
}
