package io.virtnode.node.net.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Compiles {@link CleanTraffic} to one nftables netdev table on the guest's interface. The chain hangs on the
 * egress hook: what the guest writes to its macvtap fd leaves through the macvtap device's transmit path,
 * so guest→network frames pass the macvtap's egress hook (its ingress hook sees network→guest frames).
 */
public final class CleanTrafficRuleset {
  /** The chain every rule is in. */
  public static final String CHAIN = "guest_egress";

  /** One rule: its nft text (without the comment) and the comment that identifies it. */
  public record Rule(String text, String comment) {}

  private CleanTrafficRuleset() {}

  /** The rules in order; the last drops whatever no rule accepted. */
  public static List<Rule> rules(CleanTraffic f) {
    String mac = f.mac().toString();
    String macHex = "0x" + mac.replace(":", "");
    List<IpPrefix> v6 = allowed6(f);
    String targets = v6.stream().map(IpPrefix::hexRange).collect(Collectors.joining(", "));
    List<Rule> rules = new ArrayList<>();
    rules.add(new Rule("ether saddr != " + mac + " counter drop", "mac-spoof"));
    if (has4(f)) {
      rules.add(new Rule("ether type arp arp htype 1 arp ptype ip arp hlen 6 arp plen 4 arp saddr ether " + mac
          + " arp saddr ip @allowed4 counter accept", "arp"));
    }
    rules.add(new Rule("ether type arp arp saddr ether " + mac + " arp saddr ip 0.0.0.0 counter accept", "arp-probe"));
    rules.add(new Rule("ether type arp counter drop", "arp-spoof"));
    rules.add(new Rule("meta protocol ip ip saddr 0.0.0.0 ip daddr 255.255.255.255 udp sport 68 udp dport 67 counter accept",
        "dhcp"));
    if (has4(f)) {
      rules.add(new Rule("meta protocol ip ip saddr @allowed4 counter accept", "ipv4"));
    }
    rules.add(new Rule("meta protocol ip counter drop", "ipv4-spoof"));
    rules.add(new Rule("meta protocol ip6 icmpv6 type { nd-router-advert, nd-redirect } counter drop", "ipv6-router"));
    rules.add(new Rule("meta protocol ip6 icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } @th,192,8 { 1, 2 }"
        + " @th,208,48 != " + macHex + " counter drop", "nd-lladdr-spoof"));
    rules.add(new Rule("meta protocol ip6 icmpv6 type nd-neighbor-advert @th,64,128 != { " + targets + " } counter drop",
        "nd-target-spoof"));
    rules.add(new Rule("meta protocol ip6 ip6 saddr :: icmpv6 type { nd-neighbor-solicit, mld2-listener-report }"
        + " counter accept", "ipv6-dad"));
    rules.add(new Rule("meta protocol ip6 ip6 saddr " + f.linkLocal().address().getHostAddress()
        + " udp sport 546 udp dport 547 counter accept", "dhcpv6"));
    rules.add(new Rule("meta protocol ip6 ip6 saddr @allowed6 counter accept", "ipv6"));
    rules.add(new Rule("meta protocol ip6 counter drop", "ipv6-spoof"));
    rules.add(new Rule("counter drop", "other"));
    return rules;
  }

  /** The whole `nft -f -` script: replaces this interface's table atomically (created first so delete works). */
  public static String script(CleanTraffic f) {
    StringBuilder s = new StringBuilder();
    String table = f.tableName();
    s.append("table netdev ").append(table).append('\n');
    s.append("delete table netdev ").append(table).append('\n');
    s.append("table netdev ").append(table).append(" {\n");
    List<IpPrefix> v4 = outermost(f.allowedIPs().stream().filter(p -> !p.isIpv6()).toList());
    if (!v4.isEmpty()) {
      s.append("  set allowed4 { type ipv4_addr; flags interval; auto-merge; elements = { ")
          .append(v4.stream().map(IpPrefix::nft).collect(Collectors.joining(", "))).append(" } }\n");
    }
    s.append("  set allowed6 { type ipv6_addr; flags interval; auto-merge; elements = { ")
        .append(allowed6(f).stream().map(IpPrefix::nft).collect(Collectors.joining(", "))).append(" } }\n");
    s.append("  chain ").append(CHAIN).append(" {\n");
    s.append("    type filter hook egress device \"").append(f.interfaceName()).append("\" priority filter; policy drop;\n");
    for (Rule r : rules(f)) {
      s.append("    ").append(r.text()).append(" comment \"").append(r.comment()).append("\"\n");
    }
    s.append("  }\n}\n");
    return s.toString();
  }

  private static boolean has4(CleanTraffic f) { return f.allowedIPs().stream().anyMatch(p -> !p.isIpv6()); }

  private static List<IpPrefix> allowed6(CleanTraffic f) {
    List<IpPrefix> v6 = new ArrayList<>();
    v6.add(f.linkLocal());
    f.allowedIPs().stream().filter(IpPrefix::isIpv6).forEach(v6::add);
    return outermost(v6);
  }

  /** The prefixes not inside another of the list (nft refuses overlapping intervals), in order, once each. */
  static List<IpPrefix> outermost(List<IpPrefix> prefixes) {
    List<IpPrefix> out = new ArrayList<>();
    for (IpPrefix p : prefixes) {
      boolean inside = prefixes.stream().anyMatch(q -> !q.equals(p) && q.contains(p));
      if (!inside && !out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }
}
