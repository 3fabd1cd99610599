package io.virtnode.node.net.portprofile;

import io.virtnode.node.nativeio.netlink.Rtnl;

/** IFLA_PORT_REQUEST values. */
public enum PortRequest {
  /** 802.1Qbg: reserve the port on an incoming migration's target. */
  PREASSOCIATE(Rtnl.PORT_REQUEST_PREASSOCIATE),
  /** 802.1Qbh: reserve with resource reservation, on an incoming migration's target. */
  PREASSOCIATE_RR(Rtnl.PORT_REQUEST_PREASSOCIATE_RR),
  /** Bind the VSI/profile to the port. */
  ASSOCIATE(Rtnl.PORT_REQUEST_ASSOCIATE),
  /** Release it. */
  DISASSOCIATE(Rtnl.PORT_REQUEST_DISASSOCIATE);

  private final int value;

  PortRequest(int value) { this.value = value; }

  public int value() { return value; }

  /** The request with that value, or null. */
  static PortRequest of(int value) {
    for (PortRequest r : values()) {
      if (r.value == value) {
        return r;
      }
    }
    return null;
  }
}
