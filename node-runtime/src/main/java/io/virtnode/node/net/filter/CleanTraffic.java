package io.virtnode.node.net.filter;

import io.virtnode.node.net.MacAddress;
import io.virtnode.node.net.MacvtapNames;
import java.util.List;

/**
 * The clean-traffic filter of one guest interface: frames from the guest must carry its MAC, IP packets a
 * source inside allowedIPs, ARP and IPv6 neighbour discovery the same MAC and addresses; DHCP requests go out.
 */
public record CleanTraffic(String interfaceName, MacAddress mac, List<IpPrefix> allowedIPs) {
  public CleanTraffic {
    MacvtapNames.requireValid(interfaceName);
    if (!interfaceName.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("interface name '" + interfaceName
          + "' has characters a filter table cannot name; use letters, digits, '_', '.' or '-'");
    }
    if (mac.isMulticast()) {
      throw new IllegalArgumentException("MAC " + mac + " is a group address; a guest interface needs a unicast MAC");
    }
    allowedIPs = List.copyOf(allowedIPs);
  }

  /** The nftables table holding this interface's rules: "virtnode_" + the interface name. */
  public String tableName() { return tableName(interfaceName); }

  /** The table name for an interface. */
  public static String tableName(String interfaceName) {
    return "virtnode_" + interfaceName.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** The IPv6 link-local address derived from the MAC (EUI-64), always allowed. */
  public IpPrefix linkLocal() {
    byte[] m = mac.bytes();
    byte[] a = new byte[16];
    a[0] = (byte) 0xfe;
    a[1] = (byte) 0x80;
    a[8] = (byte) (m[0] ^ 0x02);
    a[9] = m[1];
    a[10] = m[2];
    a[11] = (byte) 0xff;
    a[12] = (byte) 0xfe;
    a[13] = m[3];
    a[14] = m[4];
    a[15] = m[5];
    try {
      return new IpPrefix(java.net.InetAddress.getByAddress(a), 128);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
