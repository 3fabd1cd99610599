package io.virtnode.node.net.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.nativeio.netlink.DeviceNodes;
import io.virtnode.node.nativeio.netlink.NetlinkSocket;
import io.virtnode.node.nativeio.netlink.NetnsFixture;
import io.virtnode.node.nativeio.netlink.RouteLinks;
import io.virtnode.node.net.MacAddress;
import io.virtnode.node.net.MacvtapLink;
import io.virtnode.node.net.MacvtapMode;
import io.virtnode.node.net.MacvtapSpec;
import io.virtnode.node.net.NetlinkMacvtapLinks;
import io.virtnode.node.net.TapDevice;
import io.virtnode.node.net.TapDeviceNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clean-traffic tables on a real macvtap: frames the guest writes are dropped or pass, as counters and the peer show. */
@Tag("network")
class TrafficFiltersTest {
  /** Prints every marker (vnmark-...) seen on an interface until the stop marker arrives. */
  static final String CAPTURE = String.join("\n",
      "import socket, sys, select, time, re",
      "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))",
      "s.bind((sys.argv[1], 0))",
      "print('ready', flush=True)",
      "seen = []",
      "end = time.time() + 30",
      "while time.time() < end:",
      "    r, _, _ = select.select([s], [], [], 1)",
      "    if r:",
      "        for m in re.findall(rb'vnmark-[a-z0-9-]+', s.recv(4096)):",
      "            if m.decode() not in seen: seen.append(m.decode())",
      "        if sys.argv[2] in seen: break",
      "print(' '.join(seen), flush=True)");

  private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:41");
  private static final MacAddress OTHER = MacAddress.parse("02:00:00:00:00:99");
  private final NetnsFixture netns = new NetnsFixture();
  private String ns;
  private String peerNs;
  private NetlinkSocket socket;
  private NetlinkMacvtapLinks links;
  private TrafficFilters filters;
  private MacvtapLink tap;
  private CleanTraffic filter;
  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    ns = netns.namespace();
    peerNs = netns.namespace();
    netns.veth(ns, "veth0", peerNs, "veth1");
    socket = NetlinkSocket.openIn(ns, Duration.ofSeconds(5));
    links = new NetlinkMacvtapLinks(new RouteLinks(socket));
    tap = links.create(new MacvtapSpec("vnf0", "veth0", MacvtapMode.BRIDGE, MAC));
    filters = new TrafficFilters(Nftables.find(ns));
    filter = new CleanTraffic("vnf0", MAC, List.of(IpPrefix.parse("10.0.0.5"), IpPrefix.parse("fd00::5")));
  }

  @AfterEach
  void tearDown() throws IOException {
    socket.close();
    netns.close();
  }

  @Test
  void spoofedFramesAreDroppedAndCleanOnesReachThePeer() throws Exception {
    filters.install(filter);
    Map<String, Long> before = filters.counters("vnf0");
    try (TapDevice device = new TapDeviceNode(ns).open(tap, dir)) {
      List<byte[]> spoofed = List.of(
          Frames.udp4(OTHER, "10.0.0.5", "10.0.0.1", 1000, 2000, "vnmark-mac-spoof"),
          Frames.udp4(MAC, "10.0.0.6", "10.0.0.1", 1000, 2000, "vnmark-ip-spoof"),
          Frames.arp(MAC, MAC, "10.0.0.7", "10.0.0.1"),
          Frames.arp(MAC, OTHER, "10.0.0.5", "10.0.0.1"),
          Frames.neighbourAdvert(MAC, "fd00::5", "fd00::5", OTHER),
          Frames.neighbourAdvert(MAC, "fd00::5", "fd00::9", MAC));
      List<byte[]> clean = List.of(
          Frames.arp(MAC, MAC, "10.0.0.5", "10.0.0.1"),
          Frames.udp4(MAC, "0.0.0.0", "255.255.255.255", 68, 67, "vnmark-dhcp"),
          Frames.neighbourAdvert(MAC, "fd00::5", "fd00::5", MAC));
      String seen = capture(device, spoofed, clean, Frames.udp4(MAC, "10.0.0.5", "10.0.0.1", 1000, 2000, "vnmark-clean"));
      assertThat(seen.split(" ")).contains("vnmark-clean", "vnmark-dhcp").doesNotContain("vnmark-mac-spoof", "vnmark-ip-spoof");
    }
    Map<String, Long> after = filters.counters("vnf0");
    assertThat(delta(before, after, "mac-spoof")).isEqualTo(1);
    assertThat(delta(before, after, "ipv4-spoof")).isEqualTo(1);
    assertThat(delta(before, after, "arp-spoof")).isEqualTo(2);
    assertThat(delta(before, after, "nd-lladdr-spoof")).isEqualTo(1);
    assertThat(delta(before, after, "nd-target-spoof")).isEqualTo(1);
    assertThat(delta(before, after, "arp")).isEqualTo(1);
    assertThat(delta(before, after, "dhcp")).isEqualTo(1);
    assertThat(delta(before, after, "ipv4")).isGreaterThanOrEqualTo(1);
    assertThat(delta(before, after, "ipv6")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void withoutTheFilterTheSpoofedFrameReachesThePeer() throws Exception {
    try (TapDevice device = new TapDeviceNode(ns).open(tap, dir)) {
      String seen = capture(device, List.of(Frames.udp4(OTHER, "10.0.0.6", "10.0.0.1", 1, 2, "vnmark-mac-spoof")),
          List.of(), Frames.udp4(MAC, "10.0.0.5", "10.0.0.1", 1, 2, "vnmark-clean"));
      assertThat(seen.split(" ")).contains("vnmark-mac-spoof", "vnmark-clean");
    }
  }

  @Test
  void aTamperedRulesetFailsVerificationAndReinstallRepairsIt() throws IOException {
    filters.install(filter);
    String listing = netns.in(ns, "nft", "-a", "list", "chain", "netdev", "virtnode_vnf0", "guest_egress");
    String handle = listing.lines().filter(l -> l.contains("comment \"mac-spoof\"")).findFirst().orElseThrow()
        .replaceAll(".*# handle (\\d+).*", "$1");
    netns.in(ns, "nft", "delete", "rule", "netdev", "virtnode_vnf0", "guest_egress", "handle", handle);

    assertThatThrownBy(() -> filters.verify(filter))
        .isInstanceOfSatisfying(TrafficFilterException.class,
            e -> assertThat(e.reason()).isEqualTo(TrafficFilterException.Reason.RulesetMismatch))
        .hasMessageContaining("virtnode_vnf0").hasMessageContaining("differ from the compiled [mac-spoof");
    filters.install(filter);
    filters.verify(filter);
  }

  @Test
  void removalDeletesTheTableAndLeavesOthersAlone() throws IOException {
    netns.in(ns, "nft", "add", "table", "netdev", "someone_else");
    filters.install(filter);
    assertThat(filters.isInstalled("vnf0")).isTrue();
    links.delete(tap);
    filters.remove("vnf0");
    filters.remove("vnf0");
    assertThat(filters.isInstalled("vnf0")).isFalse();
    assertThat(netns.in(ns, "nft", "list", "tables")).contains("table netdev someone_else").doesNotContain("virtnode_vnf0");
  }

  @Test
  void aRulesetNftRefusesIsReportedWithNftsMessage() throws IOException {
    assertThatThrownBy(() -> Nftables.find(ns).apply("table netdev virtnode_bad { chain c { bogus; } }"))
        .isInstanceOfSatisfying(TrafficFilterException.class,
            e -> assertThat(e.reason()).isEqualTo(TrafficFilterException.Reason.RulesetRejected))
        .hasMessageContaining("-f - exited 1").hasMessageContaining("syntax error");
    assertThat(netns.in(ns, "nft", "list", "tables")).doesNotContain("virtnode_bad");
  }

  @Test
  void aFilterInstalledBeforeItsInterfaceExistsFiltersOnceItAppears() throws Exception {
    links.delete(tap);
    filters.install(filter);
    tap = links.create(new MacvtapSpec("vnf0", "veth0", MacvtapMode.BRIDGE, MAC));
    Map<String, Long> before = filters.counters("vnf0");
    try (TapDevice device = new TapDeviceNode(ns).open(tap, dir)) {
      String seen = capture(device, List.of(Frames.udp4(OTHER, "10.0.0.5", "10.0.0.1", 1, 2, "vnmark-mac-spoof")),
          List.of(), Frames.udp4(MAC, "10.0.0.5", "10.0.0.1", 1, 2, "vnmark-clean"));
      assertThat(seen.split(" ")).contains("vnmark-clean").doesNotContain("vnmark-mac-spoof");
    }
    assertThat(delta(before, filters.counters("vnf0"), "mac-spoof")).isEqualTo(1);
  }

  private String capture(TapDevice device, List<byte[]> first, List<byte[]> more, byte[] stop) throws Exception {
    Process p = new ProcessBuilder("ip", "netns", "exec", peerNs, "python3", "-c", CAPTURE, "veth1", "vnmark-clean")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("ready");
      for (byte[] f : first) {
        DeviceNodes.write(device.fd(), f);
      }
      for (byte[] f : more) {
        DeviceNodes.write(device.fd(), f);
      }
      for (int i = 0; i < 100 && !p.waitFor(200, TimeUnit.MILLISECONDS); i++) {
        DeviceNodes.write(device.fd(), stop);
      }
      assertThat(p.waitFor(35, TimeUnit.SECONDS)).isTrue();
      return out.readLine();
    } finally {
      p.destroyForcibly();
    }
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String rule) {
    return after.getOrDefault(rule, 0L) - before.getOrDefault(rule, 0L);
  }
}
