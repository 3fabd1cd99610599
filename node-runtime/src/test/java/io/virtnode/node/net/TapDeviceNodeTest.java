package io.virtnode.node.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.nativeio.netlink.DeviceNodes;
import io.virtnode.node.nativeio.netlink.NetlinkSocket;
import io.virtnode.node.nativeio.netlink.NetnsFixture;
import io.virtnode.node.nativeio.netlink.RouteLinks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tap node made from sysfs opens, and a frame written to its fd leaves on the veth to the peer. */
@Tag("network")
class TapDeviceNodeTest {
  /** Captures on an interface with an AF_PACKET socket and prints the first frame carrying the marker. */
  static final String CAPTURE = String.join("\n",
      "import socket, sys, select, time",
      "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))",
      "s.bind((sys.argv[1], 0))",
      "print('ready', flush=True)",
      "end = time.time() + 30",
      "while time.time() < end:",
      "    r, _, _ = select.select([s], [], [], 1)",
      "    if r:",
      "        data = s.recv(4096)",
      "        if sys.argv[2].encode() in data:",
      "            print(data[:14].hex(), flush=True)",
      "            sys.exit(0)",
      "sys.exit(1)");

  private final NetnsFixture netns = new NetnsFixture();
  private String ns;
  private String peerNs;
  private NetlinkSocket socket;
  private NetlinkMacvtapLinks links;
  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    ns = netns.namespace();
    peerNs = netns.namespace();
    netns.veth(ns, "veth0", peerNs, "veth1");
    socket = NetlinkSocket.openIn(ns, Duration.ofSeconds(5));
    links = new NetlinkMacvtapLinks(new RouteLinks(socket));
  }

  @AfterEach
  void tearDown() throws IOException {
    socket.close();
    netns.close();
  }

  @Test
  void nodeIsMadeFromTheNamespacesSysfsAndItsFdSendsFramesToThePeer() throws Exception {
    MacAddress mac = MacAddress.parse("02:00:00:00:00:31");
    MacvtapLink tap = links.create(new MacvtapSpec("vntap0", "veth0", MacvtapMode.BRIDGE, mac));
    String expectedDev = netns.in(ns, "cat", "/sys/class/net/vntap0/macvtap/tap" + tap.ifindex() + "/dev").strip();

    TapDeviceNode nodes = new TapDeviceNode(ns);
    try (TapDevice device = nodes.open(tap, dir)) {
      assertThat(device.major() + ":" + device.minor()).isEqualTo(expectedDev);
      assertThat(device.node()).isEqualTo(dir.resolve("vntap0"));
      assertThat(Files.getAttribute(device.node(), "unix:mode")).isEqualTo(0020600);

      String marker = "virtnode-frame-" + tap.ifindex();
      Process capture = new ProcessBuilder("ip", "netns", "exec", peerNs, "python3", "-c", CAPTURE, "veth1", marker)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(capture.getInputStream(), StandardCharsets.UTF_8))) {
        assertThat(out.readLine()).isEqualTo("ready");
        byte[] frame = frame(mac, marker);
        for (int i = 0; i < 100 && !capture.waitFor(200, TimeUnit.MILLISECONDS); i++) {
          DeviceNodes.write(device.fd(), frame);
        }
        assertThat(capture.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(capture.exitValue()).as("the peer saw the frame").isZero();
        assertThat(out.readLine()).isEqualTo("ffffffffffff" + "020000000031" + "88b5");
      } finally {
        capture.destroyForcibly();
      }
    }
    // A second open reuses the node it made; a foreign file of that name is refused.
    try (TapDevice again = nodes.open(tap, dir)) {
      assertThat(again.node()).isEqualTo(dir.resolve("vntap0"));
      TapDeviceNode.remove(again);
    }
    assertThat(dir.resolve("vntap0")).doesNotExist();
    Files.writeString(dir.resolve("vntap0"), "not a device");
    assertThatThrownBy(() -> nodes.open(tap, dir)).hasMessageContaining("is not the character device");
    assertThat(Files.readString(dir.resolve("vntap0"))).isEqualTo("not a device");
  }

  @Test
  void aMissingDeviceIsNamed() throws IOException {
    MacvtapLink ghost = new MacvtapLink("vnghost0", 999, MacAddress.parse("02:00:00:00:00:32"), "down", "veth0", 2,
        MacvtapMode.BRIDGE, java.util.Optional.empty());
    assertThatThrownBy(() -> new TapDeviceNode(ns).open(ghost, dir))
        .hasMessageContaining("macvtap vnghost0 (ifindex 999) has no character device")
        .hasMessageContaining("in network namespace " + ns);
  }

  /** virtio_net_hdr (10 zero bytes), then broadcast dst, src, ethertype 0x88b5 and the marker. */
  static byte[] frame(MacAddress src, String marker) {
    byte[] payload = marker.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[10 + 14 + Math.max(46, payload.length)];
    for (int i = 0; i < 6; i++) {
      out[10 + i] = (byte) 0xff;
    }
    System.arraycopy(src.bytes(), 0, out, 16, 6);
    out[22] = (byte) 0x88;
    out[23] = (byte) 0xb5;
    System.arraycopy(payload, 0, out, 24, payload.length);
    return out;
  }
}
