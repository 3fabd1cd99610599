package io.virtnode.node.net;

import java.util.Optional;

/**
 * A macvtap as found on the host: name, ifindex, MAC, operational state, the lower link it sits on and its
 * mode; savedLowerMac is the lower link's own MAC a passthrough creation replaced, to restore on teardown.
 */
public record MacvtapLink(String name, int ifindex, MacAddress mac, String operState, String lowerLink,
    int lowerIfindex, MacvtapMode mode, Optional<MacAddress> savedLowerMac) {

  /** The same link with the lower link's saved MAC recorded. */
  public MacvtapLink withSavedLowerMac(MacAddress saved) {
    return new MacvtapLink(name, ifindex, mac, operState, lowerLink, lowerIfindex, mode, Optional.of(saved));
  }
}
