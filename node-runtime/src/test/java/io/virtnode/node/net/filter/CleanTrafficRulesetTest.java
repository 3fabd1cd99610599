package io.virtnode.node.net.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.net.MacAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compiled clean-traffic ruleset and its input checks. */
class CleanTrafficRulesetTest {
  private final CleanTraffic filter = new CleanTraffic("vnf0", MacAddress.parse("02:00:00:00:00:41"),
      List.of(IpPrefix.parse("10.0.0.5"), IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("fd00::5"),
          IpPrefix.parse("fe80::/64")));

  @Test
  void scriptReplacesTheInterfaceTableWithAnEgressChainThatDropsByDefault() {
    String script = CleanTrafficRuleset.script(filter);
    assertThat(script).startsWith("table netdev virtnode_vnf0\ndelete table netdev virtnode_vnf0\n")
        .contains("type filter hook egress device \"vnf0\" priority filter; policy drop;")
        .contains("ether saddr != 02:00:00:00:00:41 counter drop comment \"mac-spoof\"")
        .contains("set allowed4 { type ipv4_addr; flags interval; auto-merge; elements = { 10.0.0.0/8 } }")
        .contains("set allowed6 { type ipv6_addr; flags interval; auto-merge; elements = { fd00:0:0:0:0:0:0:5/128, fe80:0:0:0:0:0:0:0/64 } }")
        .contains("@th,208,48 != 0x020000000041 counter drop comment \"nd-lladdr-spoof\"")
        .contains("udp sport 68 udp dport 67 counter accept comment \"dhcp\"");
    assertThat(CleanTrafficRuleset.rules(filter).get(0).comment()).isEqualTo("mac-spoof");
    assertThat(CleanTrafficRuleset.rules(filter).get(CleanTrafficRuleset.rules(filter).size() - 1).comment())
        .isEqualTo("other");
  }

  @Test
  void linkLocalIsTheEui64OfTheMac() {
    assertThat(filter.linkLocal().address().getHostAddress()).isEqualTo("fe80:0:0:0:0:ff:fe00:41");
    assertThat(filter.tableName()).isEqualTo("virtnode_vnf0");
  }

  @Test
  void withoutIpv4AddressesNoArpOrIpv4IsAccepted() {
    CleanTraffic none = new CleanTraffic("vnf1", MacAddress.parse("02:00:00:00:00:42"), List.of());
    List<String> comments = CleanTrafficRuleset.rules(none).stream().map(CleanTrafficRuleset.Rule::comment).toList();
    assertThat(comments).doesNotContain("arp", "ipv4").contains("arp-spoof", "ipv4-spoof", "dhcp");
    assertThat(CleanTrafficRuleset.script(none)).doesNotContain("allowed4");
  }

  @Test
  void badInputIsRefusedWithClearMessages() {
    assertThatThrownBy(() -> IpPrefix.parse("example.com")).hasMessageContaining("'example.com' is not an IP address");
    assertThatThrownBy(() -> IpPrefix.parse("10.0.0.1/24")).hasMessageContaining("has host bits set");
    assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0/33")).hasMessageContaining("outside 0-32");
    assertThatThrownBy(() -> new CleanTraffic("vnf0", MacAddress.parse("03:00:00:00:00:01"), List.of()))
        .hasMessageContaining("group address");
  }

  @Test
  void missingNftNamesTheDebianPackage() {
    assertThatThrownBy(() -> Nftables.find(List.of(Path.of("/nonexistent/nft")), null))
        .isInstanceOfSatisfying(TrafficFilterException.class,
            e -> assertThat(e.reason()).isEqualTo(TrafficFilterException.Reason.NftablesMissing))
        .hasMessageContaining("install the Debian package nftables");
  }
}
