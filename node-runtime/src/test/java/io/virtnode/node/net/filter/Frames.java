package io.virtnode.node.net.filter;

import io.virtnode.node.net.MacAddress;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Ethernet frames as a guest writes them to a macvtap fd (10-byte virtio_net_hdr first), for tests. */
final class Frames {
  private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

  private Frames() {}

  /** IPv4 UDP from src (MAC, IP) to dst IP, carrying marker. */
  static byte[] udp4(MacAddress src, String srcIp, String dstIp, int sport, int dport, String marker) throws Exception {
    byte[] payload = marker.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = start(BROADCAST, src, 0x0800, 20 + 8 + payload.length);
    b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putShort((short) 1).putShort((short) 0)
        .put((byte) 64).put((byte) 17).putShort((short) 0)
        .put(InetAddress.getByName(srcIp).getAddress()).put(InetAddress.getByName(dstIp).getAddress());
    b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
    b.put(payload);
    return b.array();
  }

  /** An ARP request from (sender MAC, sender IP) asking for target IP. */
  static byte[] arp(MacAddress src, MacAddress senderMac, String senderIp, String targetIp) throws Exception {
    ByteBuffer b = start(BROADCAST, src, 0x0806, 28);
    b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1)
        .put(senderMac.bytes()).put(InetAddress.getByName(senderIp).getAddress())
        .put(new byte[6]).put(InetAddress.getByName(targetIp).getAddress());
    return b.array();
  }

  /** An IPv6 neighbour advertisement from srcIp for target with a target link-layer address option. */
  static byte[] neighbourAdvert(MacAddress src, String srcIp, String target, MacAddress lladdr) throws Exception {
    int icmpLength = 4 + 4 + 16 + 8;
    ByteBuffer b = start(new byte[] {0x33, 0x33, 0, 0, 0, 1}, src, 0x86dd, 40 + icmpLength);
    b.putInt(0x60000000).putShort((short) icmpLength).put((byte) 58).put((byte) 255)
        .put(InetAddress.getByName(srcIp).getAddress()).put(InetAddress.getByName("ff02::1").getAddress());
    b.put((byte) 136).put((byte) 0).putShort((short) 0).putInt(0x20000000)
        .put(InetAddress.getByName(target).getAddress()).put((byte) 2).put((byte) 1).put(lladdr.bytes());
    return b.array();
  }

  private static ByteBuffer start(byte[] dst, MacAddress src, int ethertype, int length) {
    ByteBuffer b = ByteBuffer.allocate(10 + 14 + Math.max(46, length));
    b.put(new byte[10]).put(dst).put(src.bytes()).putShort((short) ethertype);
    return b;
  }
}
