package io.virtnode.node.nativeio.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** rtnetlink through jnr-ffi against the real kernel, inside throwaway network namespaces. */
@Tag("network")
class NetlinkSocketTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final NetnsFixture netns = new NetnsFixture();
  private String ns;
  private NetlinkSocket socket;
  private RouteLinks links;

  @BeforeEach
  void setUp() throws IOException {
    ns = netns.namespace();
    String peer = netns.namespace();
    netns.veth(ns, "veth0", peer, "veth1");
    socket = NetlinkSocket.openIn(ns, TIMEOUT);
    links = new RouteLinks(socket);
  }

  @AfterEach
  void tearDown() throws IOException {
    if (socket != null) {
      socket.close();
    }
    netns.close();
  }

  @Test
  void dumpListsEveryLinkOfTheNamespace() throws IOException {
    netns.in(ns, "ip", "link", "add", "veth2", "type", "veth", "peer", "name", "veth3");
    List<String> names = links.all().stream().map(Link::name).sorted().toList();
    List<String> expected = Arrays.stream(netns.in(ns, "ip", "-o", "link", "show").split("\n"))
        .map(line -> line.split(":")[1].strip().split("@")[0]).sorted().toList();
    assertThat(names).containsExactly("lo", "veth0", "veth2", "veth3").isEqualTo(expected);
  }

  @Test
  void macvtapIsCreatedLookedUpAndDeletedAsIpSeesIt() throws IOException {
    Link lower = links.byName("veth0").orElseThrow();
    byte[] mac = Link.parseMac("02:11:22:33:44:55");
    Link tap = links.createMacvtap("vntest0", lower, Rtnl.MACVLAN_MODE_BRIDGE, mac);

    assertThat(tap.kind()).contains("macvtap");
    assertThat(tap.lowerIndex()).contains(lower.index());
    assertThat(tap.mac()).contains("02:11:22:33:44:55");
    assertThat(tap.macvlanMode()).contains(Rtnl.MACVLAN_MODE_BRIDGE);
    String shown = netns.in(ns, "ip", "-d", "link", "show", "vntest0");
    assertThat(shown).contains("vntest0@veth0").contains("link/ether 02:11:22:33:44:55")
        .contains("macvtap mode bridge").contains(tap.index() + ": ");
    assertThat(links.byIndex(tap.index()).map(Link::name)).contains("vntest0");

    links.delete("vntest0");
    assertThat(links.byName("vntest0")).isEmpty();
    assertThat(netns.in(ns, "ip", "-o", "link", "show")).doesNotContain("vntest0");
  }

  @Test
  void kernelRefusalsNameTheRequestAndTheErrno() throws IOException {
    Link lower = links.byName("veth0").orElseThrow();
    links.createMacvtap("vntest1", lower, Rtnl.MACVLAN_MODE_VEPA, Link.parseMac("02:00:00:00:00:01"));

    assertThatThrownBy(() -> links.createMacvtap("vntest1", lower, Rtnl.MACVLAN_MODE_VEPA,
        Link.parseMac("02:00:00:00:00:02")))
        .isInstanceOf(NetlinkException.class)
        .hasMessage("RTM_NEWLINK macvtap vntest1 on veth0: File exists (EEXIST)")
        .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.EEXIST));
    assertThatThrownBy(() -> links.delete("vnmissing"))
        .isInstanceOf(NetlinkException.class)
        .hasMessage("RTM_DELLINK vnmissing: No such device (ENODEV)");
  }

  @Test
  void linksSetUpAndMacChangeAsRequested() throws IOException {
    links.setMac("veth0", Link.parseMac("02:aa:bb:cc:dd:ee"));
    links.setUp("veth0", false);
    Link link = links.byName("veth0").orElseThrow();
    assertThat(link.mac()).contains("02:aa:bb:cc:dd:ee");
    assertThat(link.isUp()).isFalse();
    assertThat(netns.in(ns, "ip", "link", "show", "veth0")).contains("02:aa:bb:cc:dd:ee").doesNotContain(",UP");
  }

  @Test
  void aPeerThatNeverAnswersTimesOutNamingTheRequest() throws IOException {
    try (NetlinkSocket silent = NetlinkSocket.openIn(ns, Duration.ofSeconds(1));
         NetlinkSocket asking = NetlinkSocket.openIn(ns, Duration.ofMillis(300))) {
      MessageBuilder m = MessageBuilder.of(Rtnl.RTM_GETLINK, 0).ifinfomsg(0, 0, 0, 0, 0);
      assertThatThrownBy(() -> asking.requestTo(silent.portId(), m, "RTM_GETLINK to a silent peer"))
          .isInstanceOf(NetlinkTimeoutException.class)
          .hasMessage("RTM_GETLINK to a silent peer: no answer within 300 ms");
      assertThat(silent.receive()).isPresent();
    }
  }

  @Test
  void repliesWithAnotherSequenceNumberAreDiscarded() throws IOException {
    try (NetlinkSocket peer = NetlinkSocket.openIn(ns, Duration.ofSeconds(5));
         NetlinkSocket asking = NetlinkSocket.openIn(ns, Duration.ofSeconds(5))) {
      Thread answerer = new Thread(() -> {
        try {
          Message request = peer.receive().orElseThrow().messages().get(0);
          peer.sendRaw(asking.portId(), ack(request.seq() + 1000, 17));
          peer.sendRaw(asking.portId(), ack(request.seq(), 0));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      answerer.start();
      MessageBuilder m = MessageBuilder.of(Rtnl.RTM_SETLINK, 0).ifinfomsg(0, 0, 0, 0, 0);
      assertThat(asking.requestTo(peer.portId(), m, "RTM_SETLINK to peer")).isEmpty();
    }
  }

  private static byte[] ack(int seq, int errno) {
    byte[] out = new byte[16 + 4 + 16];
    Attributes.wrap(out).putInt(0, out.length).putShort(4, (short) Rtnl.NLMSG_ERROR).putInt(8, seq)
        .putInt(16, -errno);
    return out;
  }
}
