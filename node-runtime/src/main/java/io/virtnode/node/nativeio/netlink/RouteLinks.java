package io.virtnode.node.nativeio.netlink;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Link requests over one rtnetlink socket: look up, list, create macvtap, delete, set up/down and MAC. */
public final class RouteLinks {
  private final NetlinkSocket socket;

  public RouteLinks(NetlinkSocket socket) { this.socket = socket; }

  /** The socket requests go through. */
  public NetlinkSocket socket() { return socket; }

  /** The link named name, or empty when the kernel answers ENODEV. */
  public Optional<Link> byName(String name) throws IOException {
    MessageBuilder m = MessageBuilder.of(Rtnl.RTM_GETLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0, 0)
        .string(Rtnl.IFLA_IFNAME, name);
    return single(m, "RTM_GETLINK " + name);
  }

  /** The link with ifindex index, or empty when the kernel answers ENODEV. */
  public Optional<Link> byIndex(int index) throws IOException {
    MessageBuilder m = MessageBuilder.of(Rtnl.RTM_GETLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, 0, index, 0, 0);
    return single(m, "RTM_GETLINK ifindex " + index);
  }

  /** The link with VF and port details (IFLA_EXT_MASK RTEXT_FILTER_VF), as port-profile polling needs. */
  public Optional<Link> withPortDetails(String name) throws IOException {
    MessageBuilder m = MessageBuilder.of(Rtnl.RTM_GETLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0, 0)
        .string(Rtnl.IFLA_IFNAME, name).u32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_VF);
    return single(m, "RTM_GETLINK " + name);
  }

  /** Every link in the socket's namespace (one dump). */
  public List<Link> all() throws IOException {
    MessageBuilder m = MessageBuilder.of(Rtnl.RTM_GETLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0, 0);
    return socket.dump(m, "RTM_GETLINK dump").stream().filter(r -> r.type() == Rtnl.RTM_NEWLINK)
        .map(Link::of).toList();
  }

  /** Creates macvtap name on lower with an IFLA_MACVLAN_MODE and a MAC; fails (EEXIST …) if the kernel refuses. */
  public Link createMacvtap(String name, Link lower, int mode, byte[] mac) throws IOException {
    MessageBuilder m = MessageBuilder.of(Rtnl.RTM_NEWLINK, Rtnl.NLM_F_CREATE | Rtnl.NLM_F_EXCL)
        .ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0, 0)
        .string(Rtnl.IFLA_IFNAME, name)
        .u32(Rtnl.IFLA_LINK, lower.index())
        .attr(Rtnl.IFLA_ADDRESS, mac)
        .begin(Rtnl.IFLA_LINKINFO)
        .string(Rtnl.IFLA_INFO_KIND, "macvtap")
        .begin(Rtnl.IFLA_INFO_DATA).u32(Rtnl.IFLA_MACVLAN_MODE, mode).end()
        .end();
    String description = "RTM_NEWLINK macvtap " + name + " on " + lower.name();
    socket.request(m, description);
    return byName(name).orElseThrow(() -> new IOException(description + ": created, but not found afterwards"));
  }

  /** Deletes the link named name. */
  public void delete(String name) throws IOException {
    MessageBuilder m = MessageBuilder.of(Rtnl.RTM_DELLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0, 0)
        .string(Rtnl.IFLA_IFNAME, name);
    socket.request(m, "RTM_DELLINK " + name);
  }

  /** Sets the administrative state (IFF_UP) of the link named name. */
  public void setUp(String name, boolean up) throws IOException {
    MessageBuilder m = MessageBuilder.of(Rtnl.RTM_SETLINK, 0)
        .ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, up ? Rtnl.IFF_UP : 0, Rtnl.IFF_UP).string(Rtnl.IFLA_IFNAME, name);
    socket.request(m, "RTM_SETLINK " + name + (up ? " up" : " down"));
  }

  /** Sets the MAC address of the link named name. */
  public void setMac(String name, byte[] mac) throws IOException {
    MessageBuilder m = MessageBuilder.of(Rtnl.RTM_SETLINK, 0).ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0, 0)
        .string(Rtnl.IFLA_IFNAME, name).attr(Rtnl.IFLA_ADDRESS, mac);
    socket.request(m, "RTM_SETLINK " + name + " address " + Link.formatMac(mac));
  }

  private Optional<Link> single(MessageBuilder m, String description) throws IOException {
    try {
      return socket.request(m, description).stream().filter(r -> r.type() == Rtnl.RTM_NEWLINK).map(Link::of)
          .findFirst();
    } catch (NetlinkException e) {
      if (e.errno() == NetlinkException.ENODEV) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
