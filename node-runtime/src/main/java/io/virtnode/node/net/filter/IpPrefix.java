package io.virtnode.node.net.filter;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 address with a prefix length, from "10.0.0.5", "10.0.0.0/24" or "fd00::/64". */
public record IpPrefix(InetAddress address, int length) {
  public IpPrefix {
    int max = address instanceof Inet4Address ? 32 : 128;
    if (length < 0 || length > max) {
      throw new IllegalArgumentException("prefix length " + length + " is outside 0-" + max + " for " + address.getHostAddress());
    }
    BigInteger value = new BigInteger(1, address.getAddress());
    if (!value.equals(value.shiftRight(max - length).shiftLeft(max - length))) {
      throw new IllegalArgumentException(address.getHostAddress() + "/" + length + " has host bits set");
    }
  }

  /** Parses an address literal (never a host name) with an optional /length. */
  public static IpPrefix parse(String text) {
    String[] parts = text.strip().split("/", 2);
    String literal = parts[0];
    boolean v4 = literal.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = literal.contains(":") && literal.matches("[0-9a-fA-F:.]+");
    if (!v4 && !v6) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or prefix like 10.0.0.5 or fd00::/64");
    }
    try {
      InetAddress address = InetAddress.getByName(literal);
      int max = address instanceof Inet4Address ? 32 : 128;
      int length = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
      return new IpPrefix(address, length);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or prefix like 10.0.0.5 or fd00::/64", e);
    }
  }

  /** True when other lies inside this prefix (same family, longer or equal length, same leading bits). */
  public boolean contains(IpPrefix other) {
    if (isIpv6() != other.isIpv6() || other.length < length) {
      return false;
    }
    int max = isIpv6() ? 128 : 32;
    BigInteger mine = new BigInteger(1, address.getAddress()).shiftRight(max - length);
    return mine.equals(new BigInteger(1, other.address.getAddress()).shiftRight(max - length));
  }

  public boolean isIpv6() { return address instanceof Inet6Address; }

  /** As nft writes it: "10.0.0.5/32", "fd00::/64". */
  public String nft() { return address.getHostAddress().replaceFirst("%.*$", "") + "/" + length; }

  /** The first and last address as 32-digit hex integers, for raw-payload ranges (IPv6 only). */
  String hexRange() {
    BigInteger low = new BigInteger(1, address.getAddress());
    BigInteger high = low.or(BigInteger.ONE.shiftLeft(128 - length).subtract(BigInteger.ONE));
    String lo = "0x" + String.format("%032x", low);
    String hi = "0x" + String.format("%032x", high);
    return lo.equals(hi) ? lo : lo + "-" + hi;
  }
}
