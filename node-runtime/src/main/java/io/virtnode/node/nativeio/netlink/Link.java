package io.virtnode.node.nativeio.netlink;

import java.util.HexFormat;
import java.util.Optional;

/**
 * A network link as RTM_NEWLINK describes it: ifindex, name, MAC, operational state, the lower link
 * (IFLA_LINK), its kind and kind-specific data; the raw attributes stay available (port profiles).
 */
public record Link(int index, String name, Optional<String> mac, String operState, int flags,
    Optional<Integer> lowerIndex, Optional<String> kind, Optional<Integer> macvlanMode,
    Optional<Integer> vlanId, Attributes attributes) {

  /** Decodes one RTM_NEWLINK message. */
  public static Link of(Message m) {
    java.nio.ByteBuffer header = Attributes.wrap(m.payload());
    int index = header.getInt(4);
    int flags = header.getInt(8);
    Attributes a = m.attributes(Rtnl.IFINFOMSG_SIZE);
    int oper = a.u8(Rtnl.IFLA_OPERSTATE).orElse(0);
    String operState = oper < Rtnl.OPER_STATES.length ? Rtnl.OPER_STATES[oper] : "state " + oper;
    Attributes info = a.nested(Rtnl.IFLA_LINKINFO);
    Optional<String> kind = info.string(Rtnl.IFLA_INFO_KIND);
    Attributes data = info.nested(Rtnl.IFLA_INFO_DATA);
    Optional<Integer> mode = kind.filter(k -> k.equals("macvtap") || k.equals("macvlan"))
        .flatMap(k -> data.u32(Rtnl.IFLA_MACVLAN_MODE));
    Optional<Integer> vlan = kind.filter("vlan"::equals).flatMap(k -> data.u16(Rtnl.IFLA_VLAN_ID));
    Optional<Integer> lower = a.u32(Rtnl.IFLA_LINK).filter(l -> l != 0 && l != index);
    return new Link(index, a.string(Rtnl.IFLA_IFNAME).orElse(""), a.bytes(Rtnl.IFLA_ADDRESS).map(Link::formatMac),
        operState, flags, lower, kind, mode, vlan, a);
  }

  /** True when the administrative IFF_UP flag is set. */
  public boolean isUp() { return (flags & Rtnl.IFF_UP) != 0; }

  /** "02:00:5e:10:00:01" from 6 bytes. */
  public static String formatMac(byte[] mac) { return HexFormat.ofDelimiter(":").formatHex(mac); }

  /** 6 bytes from "02:00:5e:10:00:01"; IllegalArgumentException naming the text otherwise. */
  public static byte[] parseMac(String text) {
    byte[] mac;
    try {
      mac = HexFormat.ofDelimiter(":").parseHex(text.toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      mac = null;
    }
    if (mac == null || mac.length != 6) {
      throw new IllegalArgumentException("'" + text + "' is not a MAC address like 02:00:5e:10:00:01");
    }
    return mac;
  }
}
