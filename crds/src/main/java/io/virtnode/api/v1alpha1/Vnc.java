package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** A VNC display. */
public class Vnc {
  @JsonPropertyDescription("Tcp: a port from the agent's VNC range on its listen address; Unix: a socket in the VM's runtime directory.")
  @Default("Tcp")
  public VncListen listen = VncListen.Tcp;
}
