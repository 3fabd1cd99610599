package io.virtnode.node.nativeio.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Route attributes decoded from a message or a nested attribute: type → payload, in order. */
public final class Attributes {
  private static final int TYPE_MASK = 0x3fff; // without NLA_F_NESTED and NLA_F_NET_BYTEORDER

  /** One attribute: its type and payload. */
  public record Attribute(int type, byte[] payload) {}

  private final List<Attribute> list;

  private Attributes(List<Attribute> list) { this.list = list; }

  /** Decodes attributes from bytes [offset, end); stops at a truncated one. */
  public static Attributes parse(byte[] bytes, int offset, int end) {
    List<Attribute> list = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    int pos = offset;
    while (pos + 4 <= end) {
      int length = buf.getShort(pos) & 0xffff;
      int type = buf.getShort(pos + 2) & TYPE_MASK;
      if (length < 4 || pos + length > end) {
        break;
      }
      list.add(new Attribute(type, Arrays.copyOfRange(bytes, pos + 4, pos + length)));
      pos += (length + 3) & ~3;
    }
    return new Attributes(list);
  }

  /** All attributes in order. */
  public List<Attribute> all() { return List.copyOf(list); }

  /** Every attribute of one type, in order. */
  public List<byte[]> all(int type) {
    return list.stream().filter(a -> a.type() == type).map(Attribute::payload).toList();
  }

  /** The first attribute of a type. */
  public Optional<byte[]> bytes(int type) {
    return list.stream().filter(a -> a.type() == type).map(Attribute::payload).findFirst();
  }

  public boolean has(int type) { return bytes(type).isPresent(); }

  public Optional<Integer> u8(int type) { return bytes(type).filter(b -> b.length >= 1).map(b -> b[0] & 0xff); }

  public Optional<Integer> u16(int type) {
    return bytes(type).filter(b -> b.length >= 2).map(b -> wrap(b).getShort(0) & 0xffff);
  }

  public Optional<Integer> u32(int type) { return bytes(type).filter(b -> b.length >= 4).map(b -> wrap(b).getInt(0)); }

  /** A string attribute without its terminating NUL. */
  public Optional<String> string(int type) {
    return bytes(type).map(b -> {
      int n = 0;
      while (n < b.length && b[n] != 0) {
        n++;
      }
      return new String(b, 0, n, StandardCharsets.UTF_8);
    });
  }

  /** A nested attribute decoded; empty attributes when absent. */
  public Attributes nested(int type) {
    return bytes(type).map(b -> parse(b, 0, b.length)).orElse(new Attributes(List.of()));
  }

  /** Every nested attribute of one type, decoded. */
  public List<Attributes> allNested(int type) {
    return all(type).stream().map(b -> parse(b, 0, b.length)).toList();
  }

  /** A native-order view of bytes (netlink is host-endian). */
  public static ByteBuffer wrap(byte[] b) { return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()); }
}
