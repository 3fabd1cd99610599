package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Remote display settings. */
public class Graphics {
  @JsonPropertyDescription("VNC server; its TCP port is allocated by the agent, or it listens on a unix socket.")
  public Vnc vnc;
}
