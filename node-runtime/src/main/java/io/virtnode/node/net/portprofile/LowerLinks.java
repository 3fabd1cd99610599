package io.virtnode.node.net.portprofile;

import io.virtnode.node.nativeio.netlink.Link;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Finds the root physical device under a macvtap by following IFLA_LINK through macvtap/macvlan/vlan links,
 * recording the VLAN id of a vlan link on the way (veth's IFLA_LINK names its peer, not a lower: it stops there).
 */
public final class LowerLinks {
  private static final Set<String> STACKED = Set.of("macvtap", "macvlan", "vlan");
  private static final int MAX_DEPTH = 8;

  /** Looks links up by ifindex (RouteLinks::byIndex). */
  @FunctionalInterface
  public interface ByIndex {
    Optional<Link> find(int index) throws IOException;
  }

  private LowerLinks() {}

  /** The root under start; start itself when it is not stacked on another link. */
  public static PortTarget root(Link start, ByIndex links) throws IOException {
    Link current = start;
    OptionalInt vlan = OptionalInt.empty();
    Set<Integer> seen = new HashSet<>();
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      seen.add(current.index());
      boolean stacked = current.kind().filter(STACKED::contains).isPresent();
      if (current.vlanId().isPresent() && vlan.isEmpty()) {
        vlan = OptionalInt.of(current.vlanId().get());
      }
      if (!stacked || current.lowerIndex().isEmpty() || current.attributes().has(io.virtnode.node.nativeio.netlink.Rtnl.IFLA_LINK_NETNSID)) {
        return new PortTarget(current.name(), current.index(), vlan);
      }
      int lower = current.lowerIndex().get();
      if (seen.contains(lower)) {
        throw new IOException("link " + start.name() + ": IFLA_LINK loops back to ifindex " + lower);
      }
      Link next = links.find(lower).orElseThrow(() -> new IOException("link " + start.name()
          + " sits on ifindex " + lower + ", which does not exist"));
      current = next;
    }
    throw new IOException("link " + start.name() + " is stacked more than " + MAX_DEPTH + " levels deep");
  }
}
