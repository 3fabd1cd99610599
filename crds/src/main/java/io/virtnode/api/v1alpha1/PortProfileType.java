package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The virtual-port standard a PortProfile follows. */
public enum PortProfileType {
  /** 802.1Qbg VDP (VSI discovery with an adjacent bridge, through lldpad). */
  @JsonProperty("802.1Qbg") Qbg,
  /** 802.1Qbh (port extender; the NIC's firmware associates the VF). */
  @JsonProperty("802.1Qbh") Qbh
}
