package io.virtnode.node.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.nativeio.netlink.NetlinkSocket;
import io.virtnode.node.nativeio.netlink.NetnsFixture;
import io.virtnode.node.nativeio.netlink.RouteLinks;
import io.virtnode.node.net.MacvtapRefusedException.Reason;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The macvtap contract on the real kernel: a veth in a throwaway namespace, its peer in another. */
@Tag("network")
class NetlinkMacvtapLinksTest extends MacvtapLinksContract {
  final NetnsFixture netns = new NetnsFixture();
  String ns;
  String peerNs;
  NetlinkSocket socket;
  NetlinkMacvtapLinks links;

  @BeforeEach
  void setUp() throws IOException {
    ns = netns.namespace();
    peerNs = netns.namespace();
    netns.veth(ns, "veth0", peerNs, "veth1");
    netns.in(ns, "ip", "link", "set", "veth0", "address", LINK_MAC.toString());
    socket = NetlinkSocket.openIn(ns, Duration.ofSeconds(5));
    links = new NetlinkMacvtapLinks(new RouteLinks(socket));
  }

  @AfterEach
  void tearDown() throws IOException {
    socket.close();
    netns.close();
  }

  @Override
  MacvtapLinks links() { return links; }

  @Override
  MacAddress currentMac(String link) throws IOException {
    return MacAddress.parse(new RouteLinks(socket).byName(link).orElseThrow().mac().orElseThrow());
  }

  @Test
  void macvtapMadeByIpIsSeenAndSurvivesOurRefusedCreate() throws IOException {
    netns.in(ns, "ip", "link", "add", "link", "veth0", "name", "theirs0", "address", "02:00:00:00:00:20",
        "type", "macvtap", "mode", "bridge");
    String before = netns.in(ns, "ip", "-d", "link", "show", "theirs0");

    assertThat(links.lookup("theirs0")).get().satisfies(t -> {
      assertThat(t.mode()).isEqualTo(MacvtapMode.BRIDGE);
      assertThat(t.lowerLink()).isEqualTo("veth0");
    });
    assertThatThrownBy(() -> links.create(new MacvtapSpec("theirs0", "veth0", MacvtapMode.BRIDGE,
        MacAddress.parse("02:00:00:00:00:21")))).isInstanceOf(MacvtapRefusedException.class);
    assertThatThrownBy(() -> links.create(new MacvtapSpec("vnours0", "veth0", MacvtapMode.PASSTHROUGH,
        MacAddress.parse("02:00:00:00:00:22"))))
        .isInstanceOfSatisfying(MacvtapRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PassthroughLinkShared));

    assertThat(netns.in(ns, "ip", "-d", "link", "show", "theirs0")).isEqualTo(before);
    assertThat(links.lookup("vnours0")).isEmpty();
    assertThat(currentMac("veth0")).isEqualTo(LINK_MAC);
  }
}
