package io.virtnode.node.net.portprofile;

import io.virtnode.node.nativeio.netlink.Attributes;
import io.virtnode.node.nativeio.netlink.Message;
import io.virtnode.node.nativeio.netlink.MessageBuilder;
import io.virtnode.node.nativeio.netlink.Rtnl;
import io.virtnode.node.net.MacAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** Encodes 802.1Qbg and 802.1Qbh RTM_SETLINK requests and the status query, and reads port responses; pure. */
public final class PortProfileMessages {
  /** The "no VF: the port itself" index (libvirt's PORT_SELF_VF). */
  public static final int PORT_SELF_VF = -1;
  /** PORT_PROFILE_MAX: the longest 802.1Qbh profile name with its NUL. */
  public static final int PORT_PROFILE_MAX = 40;

  /** Where the 802.1Qbg port attributes go: IFLA_PORT_SELF, or IFLA_VF_PORTS/IFLA_VF_PORT as lldpad parses. */
  public enum QbgFraming { PORT_SELF, VF_PORTS }

  private PortProfileMessages() {}

  /**
   * 802.1Qbg, for lldpad: ifinfomsg on the root device, IFLA_IFNAME, IFLA_VFINFO_LIST {IFLA_VF_INFO {IFLA_VF_MAC,
   * IFLA_VF_VLAN}} (vf = PORT_SELF_VF), then the port nest {IFLA_PORT_VSI_TYPE, IFLA_PORT_INSTANCE_UUID,
   * IFLA_PORT_REQUEST}.
   */
  public static MessageBuilder qbg(QbgFraming framing, int ifindex, String ifname, MacAddress mac, OptionalInt vlan,
      VsiType vsi, UUID instance, PortRequest request) {
    MessageBuilder m = MessageBuilder.of(Rtnl.RTM_SETLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, 0, ifindex, 0, 0)
        .string(Rtnl.IFLA_IFNAME, ifname);
    m.begin(Rtnl.IFLA_VFINFO_LIST).begin(Rtnl.IFLA_VF_INFO).attr(Rtnl.IFLA_VF_MAC, vfMac(PORT_SELF_VF, mac));
    if (vlan.isPresent()) {
      m.attr(Rtnl.IFLA_VF_VLAN, vfVlan(PORT_SELF_VF, vlan.getAsInt()));
    }
    m.end().end();
    if (framing == QbgFraming.PORT_SELF) {
      m.begin(Rtnl.IFLA_PORT_SELF);
    } else {
      m.begin(Rtnl.IFLA_VF_PORTS).begin(Rtnl.IFLA_VF_PORT);
    }
    m.attr(Rtnl.IFLA_PORT_VSI_TYPE, vsi.encode()).attr(Rtnl.IFLA_PORT_INSTANCE_UUID, uuid(instance))
        .u8(Rtnl.IFLA_PORT_REQUEST, request.value());
    if (framing == QbgFraming.VF_PORTS) {
      m.end();
    }
    return m.end();
  }

  /**
   * 802.1Qbh, to the kernel on the physical function: IFLA_VF_PORTS {IFLA_VF_PORT {IFLA_PORT_PROFILE,
   * IFLA_PORT_INSTANCE_UUID, IFLA_PORT_HOST_UUID, IFLA_PORT_VF, IFLA_PORT_REQUEST}}; for vf = PORT_SELF_VF the
   * same attributes in IFLA_PORT_SELF, without IFLA_PORT_VF.
   */
  public static MessageBuilder qbh(int ifindex, int vf, String profile, UUID instance, UUID host, PortRequest request) {
    byte[] name = profile.getBytes(StandardCharsets.UTF_8);
    if (name.length == 0 || name.length + 1 > PORT_PROFILE_MAX) {
      throw new IllegalArgumentException("802.1Qbh profileId '" + profile + "' must be 1-" + (PORT_PROFILE_MAX - 1) + " bytes");
    }
    MessageBuilder m = MessageBuilder.of(Rtnl.RTM_SETLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, 0, ifindex, 0, 0);
    if (vf == PORT_SELF_VF) {
      m.begin(Rtnl.IFLA_PORT_SELF);
    } else {
      m.begin(Rtnl.IFLA_VF_PORTS).begin(Rtnl.IFLA_VF_PORT);
    }
    m.string(Rtnl.IFLA_PORT_PROFILE, profile).attr(Rtnl.IFLA_PORT_INSTANCE_UUID, uuid(instance))
        .attr(Rtnl.IFLA_PORT_HOST_UUID, uuid(host));
    if (vf != PORT_SELF_VF) {
      m.u32(Rtnl.IFLA_PORT_VF, vf);
    }
    m.u8(Rtnl.IFLA_PORT_REQUEST, request.value());
    if (vf != PORT_SELF_VF) {
      m.end();
    }
    return m.end();
  }

  /** RTM_GETLINK for one device with VF and port details (IFLA_EXT_MASK RTEXT_FILTER_VF). */
  public static MessageBuilder statusQuery(int ifindex, String ifname) {
    return MessageBuilder.of(Rtnl.RTM_GETLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, 0, ifindex, 0, 0)
        .string(Rtnl.IFLA_IFNAME, ifname).u32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_VF);
  }

  /** One port nest as found in an answer or a notification. */
  public record Port(OptionalInt vf, Optional<UUID> instance, OptionalInt request, OptionalInt response) {}

  /** Every port nest of an RTM_NEWLINK/RTM_SETLINK message: IFLA_PORT_SELF and each IFLA_VF_PORTS/IFLA_VF_PORT. */
  public static List<Port> ports(Message m) {
    Attributes a = m.attributes(Rtnl.IFINFOMSG_SIZE);
    List<Attributes> nests = new ArrayList<>();
    if (a.has(Rtnl.IFLA_PORT_SELF)) {
      nests.add(a.nested(Rtnl.IFLA_PORT_SELF));
    }
    nests.addAll(a.nested(Rtnl.IFLA_VF_PORTS).allNested(Rtnl.IFLA_VF_PORT));
    return nests.stream().map(PortProfileMessages::port).toList();
  }

  /** The response of the port that carries instance (802.1Qbg) or VF vf (802.1Qbh); empty if none says yet. */
  public static OptionalInt response(Message m, Optional<UUID> instance, int vf) {
    for (Port p : ports(m)) {
      boolean mine = instance.isPresent() ? p.instance().equals(instance)
          : (vf == PORT_SELF_VF ? p.vf().isEmpty() : p.vf().equals(OptionalInt.of(vf)));
      if (mine && p.response().isPresent()) {
        return p.response();
      }
    }
    return OptionalInt.empty();
  }

  private static Port port(Attributes p) {
    return new Port(toInt(p.u32(Rtnl.IFLA_PORT_VF)),
        p.bytes(Rtnl.IFLA_PORT_INSTANCE_UUID).filter(b -> b.length == 16).map(PortProfileMessages::uuid),
        toInt(p.u8(Rtnl.IFLA_PORT_REQUEST)), toInt(p.u16(Rtnl.IFLA_PORT_RESPONSE)));
  }

  private static OptionalInt toInt(Optional<Integer> v) { return v.map(OptionalInt::of).orElse(OptionalInt.empty()); }

  /** struct ifla_vf_mac { __u32 vf; __u8 mac[32]; }. */
  static byte[] vfMac(int vf, MacAddress mac) {
    ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.nativeOrder()).putInt(vf);
    b.put(mac.bytes());
    return b.array();
  }

  /** struct ifla_vf_vlan { __u32 vf; __u32 vlan; __u32 qos; }. */
  static byte[] vfVlan(int vf, int vlan) {
    return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putInt(vf).putInt(vlan).putInt(0).array();
  }

  /** A UUID as its 16 bytes in RFC 4122 order (as libvirt's virUUIDParse gives them). */
  public static byte[] uuid(UUID u) {
    return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
  }

  static UUID uuid(byte[] b) {
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new UUID(buf.getLong(), buf.getLong());
  }
}
