package io.virtnode.node.net;

import java.util.Objects;

/** A macvtap to create: its name (at most 15 bytes), the lower link, the mode and the MAC. */
public record MacvtapSpec(String name, String link, MacvtapMode mode, MacAddress mac) {
  public MacvtapSpec {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(mac, "mac");
    MacvtapNames.requireValid(name);
    MacvtapNames.requireValid(link);
    if (mac.isMulticast() || mac.equals(new MacAddress(new byte[6]))) {
      throw new IllegalArgumentException("MAC " + mac + " of macvtap " + name
          + " is not a unicast address; give the interface a unicast macAddress (first byte even)");
    }
  }
}
