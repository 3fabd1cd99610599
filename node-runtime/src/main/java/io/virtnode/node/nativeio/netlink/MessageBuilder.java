package io.virtnode.node.nativeio.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one netlink message: nlmsghdr, a fixed family header (e.g. ifinfomsg) and route attributes,
 * nested ones included, each padded to 4 bytes as rtnetlink.h's RTA_ALIGN does.
 */
public final class MessageBuilder {
  static final int HEADER = 16;
  private static final int MAX = 64 * 1024;

  private final int type;
  private int flags;
  private final ByteBuffer buf = ByteBuffer.allocate(MAX).order(ByteOrder.nativeOrder());
  private final Deque<Integer> open = new ArrayDeque<>();

  private MessageBuilder(int type, int flags) {
    this.type = type;
    this.flags = flags;
    buf.position(HEADER);
  }

  /** A message of the given type (e.g. RTM_NEWLINK) with the given NLM_F_* flags. */
  public static MessageBuilder of(int type, int flags) { return new MessageBuilder(type, flags); }

  /** The message type. */
  public int type() { return type; }

  /** The flags set so far. */
  public int flags() { return flags; }

  /** Adds NLM_F_* flags. */
  public MessageBuilder addFlags(int more) {
    flags |= more;
    return this;
  }

  /** Appends struct ifinfomsg (16 bytes). */
  public MessageBuilder ifinfomsg(int family, int deviceType, int index, int ifFlags, int change) {
    buf.put((byte) family).put((byte) 0).putShort((short) deviceType).putInt(index).putInt(ifFlags)
        .putInt(change);
    return this;
  }

  /** Appends raw bytes to the family header, padded to 4. */
  public MessageBuilder header(byte[] bytes) {
    buf.put(bytes);
    pad();
    return this;
  }

  public MessageBuilder u8(int attr, int value) { return attr(attr, new byte[] {(byte) value}); }

  public MessageBuilder u16(int attr, int value) {
    return attr(attr, ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) value).array());
  }

  public MessageBuilder u32(int attr, int value) {
    return attr(attr, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
  }

  /** A NUL-terminated string attribute. */
  public MessageBuilder string(int attr, String value) {
    byte[] text = value.getBytes(StandardCharsets.UTF_8);
    return attr(attr, Arrays.copyOf(text, text.length + 1));
  }

  /** An attribute with the given payload, padded to 4. */
  public MessageBuilder attr(int attr, byte[] payload) {
    buf.putShort((short) (4 + payload.length)).putShort((short) attr).put(payload);
    pad();
    return this;
  }

  /** Opens a nested attribute; close it with {@link #end()}. */
  public MessageBuilder begin(int attr) {
    open.push(buf.position());
    buf.putShort((short) 0).putShort((short) attr);
    return this;
  }

  /** Closes the innermost nested attribute, writing its length. */
  public MessageBuilder end() {
    int start = open.pop();
    buf.putShort(start, (short) (buf.position() - start));
    return this;
  }

  /** The finished message with the given sequence number and sender port id. */
  public byte[] build(int seq, int pid) {
    if (!open.isEmpty()) {
      throw new IllegalStateException(open.size() + " nested attribute(s) not closed");
    }
    int length = buf.position();
    ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
    out.put(buf.array(), 0, length);
    out.putInt(0, length).putShort(4, (short) type).putShort(6, (short) flags).putInt(8, seq).putInt(12, pid);
    return out.array();
  }

  private void pad() {
    while ((buf.position() & 3) != 0) {
      buf.put((byte) 0);
    }
  }
}
