package io.virtnode.node.nativeio.netlink;

import java.util.Arrays;

/** One received netlink message: its header fields and the bytes after nlmsghdr. */
public record Message(int type, int flags, int seq, int pid, byte[] payload) {
  /** Splits one datagram into its messages (NLMSG_ALIGN'd); stops at a truncated one. */
  static java.util.List<Message> split(byte[] datagram, int length) {
    java.util.List<Message> out = new java.util.ArrayList<>();
    java.nio.ByteBuffer buf = Attributes.wrap(datagram);
    int pos = 0;
    while (pos + MessageBuilder.HEADER <= length) {
      int len = buf.getInt(pos);
      if (len < MessageBuilder.HEADER || pos + len > length) {
        break;
      }
      out.add(new Message(buf.getShort(pos + 4) & 0xffff, buf.getShort(pos + 6) & 0xffff, buf.getInt(pos + 8),
          buf.getInt(pos + 12), Arrays.copyOfRange(datagram, pos + MessageBuilder.HEADER, pos + len)));
      pos += (len + 3) & ~3;
    }
    return out;
  }

  /** The whole message again, header included (for peers that echo or inspect it). */
  public byte[] bytes() {
    byte[] out = new byte[MessageBuilder.HEADER + payload.length];
    Attributes.wrap(out).putInt(0, out.length).putShort(4, (short) type).putShort(6, (short) flags)
        .putInt(8, seq).putInt(12, pid);
    System.arraycopy(payload, 0, out, MessageBuilder.HEADER, payload.length);
    return out;
  }

  /** Attributes after a fixed family header of headerLength bytes (16 for ifinfomsg). */
  public Attributes attributes(int headerLength) {
    return Attributes.parse(payload, Math.min(headerLength, payload.length), payload.length);
  }
}
