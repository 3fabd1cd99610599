package io.virtnode.node.net;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names and MACs derived from (VM uid, interface name): the same inputs always give the same macvtap name
 * ("vn" + 12 hex digits, 14 bytes, within IFNAMSIZ) and the same locally administered unicast MAC.
 */
public final class MacvtapNames {
  /** Prefix of every macvtap this agent names. */
  public static final String PREFIX = "vn";
  /** IFNAMSIZ - 1: the longest interface name the kernel accepts. */
  public static final int MAX_NAME_BYTES = 15;

  private MacvtapNames() {}

  /** The macvtap name for a VM's interface, e.g. "vn3fa2c41b09d7". */
  public static String macvtapName(String vmUid, String interfaceName) {
    return PREFIX + HexFormat.of().formatHex(digest("virtnode-macvtap", vmUid, interfaceName), 0, 6);
  }

  /** A stable MAC: locally administered (0x02 set), unicast (0x01 clear), from the VM uid and interface. */
  public static MacAddress stableMac(String vmUid, String interfaceName) {
    byte[] d = digest("virtnode-mac", vmUid, interfaceName);
    byte[] mac = java.util.Arrays.copyOf(d, 6);
    mac[0] = (byte) ((mac[0] & 0xfc) | 0x02);
    return new MacAddress(mac);
  }

  /** True for a name this agent would have produced (prefix and shape), so cleanup can recognise them. */
  public static boolean looksOurs(String name) { return name.matches(PREFIX + "[0-9a-f]{12}"); }

  /** Throws IllegalArgumentException unless name is a valid Linux interface name. */
  public static void requireValid(String name) {
    if (name == null || name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES
        || name.equals(".") || name.equals("..") || name.chars().anyMatch(c -> c == '/' || c == ':'
        || Character.isWhitespace(c) || c < 0x20)) {
      throw new IllegalArgumentException("'" + name + "' is not a valid interface name (1-" + MAX_NAME_BYTES
          + " bytes, no '/', ':' or whitespace)");
    }
  }

  private static byte[] digest(String purpose, String vmUid, String interfaceName) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((purpose + "\0" + vmUid + "\0" + interfaceName).getBytes(StandardCharsets.UTF_8));
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
