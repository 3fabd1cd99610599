package io.virtnode.node.net;

import io.virtnode.node.nativeio.netlink.Link;
import java.util.Arrays;

/** A 48-bit Ethernet address, printed as 02:00:5e:10:00:01. */
public record MacAddress(byte[] bytes) {
  public MacAddress {
    if (bytes.length != 6) {
      throw new IllegalArgumentException("a MAC address has 6 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** Parses "02:00:5e:10:00:01" (case-insensitive); IllegalArgumentException naming the text otherwise. */
  public static MacAddress parse(String text) { return new MacAddress(Link.parseMac(text)); }

  @Override
  public byte[] bytes() { return bytes.clone(); }

  /** Bit 0x02 of the first byte: set for locally administered addresses. */
  public boolean isLocallyAdministered() { return (bytes[0] & 0x02) != 0; }

  /** Bit 0x01 of the first byte: set for group (multicast/broadcast) addresses. */
  public boolean isMulticast() { return (bytes[0] & 0x01) != 0; }

  @Override
  public boolean equals(Object o) { return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes); }

  @Override
  public int hashCode() { return Arrays.hashCode(bytes); }

  @Override
  public String toString() { return Link.formatMac(bytes); }
}
