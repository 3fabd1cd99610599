package io.virtnode.node.net;

import io.virtnode.node.nativeio.netlink.Rtnl;
import java.util.Arrays;
import java.util.Optional;

/** How a macvtap shares its lower link (if_link.h MACVLAN_MODE_*). */
public enum MacvtapMode {
  /** Every frame goes out to the adjacent switch, which reflects it back (802.1Qbg). */
  VEPA(Rtnl.MACVLAN_MODE_VEPA),
  /** Macvtaps on the same link talk directly. */
  BRIDGE(Rtnl.MACVLAN_MODE_BRIDGE),
  /** No traffic between macvtaps on the same link, even reflected. */
  PRIVATE(Rtnl.MACVLAN_MODE_PRIVATE),
  /** The whole link is given to one macvtap (the link must carry no other). */
  PASSTHROUGH(Rtnl.MACVLAN_MODE_PASSTHRU);

  private final int kernelValue;

  MacvtapMode(int kernelValue) { this.kernelValue = kernelValue; }

  /** The IFLA_MACVLAN_MODE value. */
  public int kernelValue() { return kernelValue; }

  /** The mode with that IFLA_MACVLAN_MODE value. */
  public static Optional<MacvtapMode> ofKernel(int value) {
    return Arrays.stream(values()).filter(m -> m.kernelValue == value).findFirst();
  }
}
