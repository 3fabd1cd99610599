package io.virtnode.node.net.portprofile;

/** An 802.1Qbg VSI type: manager id (8 bits), type id (24 bits), type id version (8 bits). */
public record VsiType(int managerId, int typeId, int typeIdVersion) {
  public VsiType {
    check("managerId", managerId, 0xff);
    check("typeId", typeId, 0xffffff);
    check("typeIdVersion", typeIdVersion, 0xff);
  }

  /** Parses a decimal or 0x-prefixed hexadecimal number, as the standard's fields are written both ways. */
  public static int number(String field, String text) {
    String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      return t.startsWith("0x") ? Integer.parseUnsignedInt(t.substring(2), 16) : Integer.parseUnsignedInt(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " '" + text + "' is neither a decimal nor a 0x-hexadecimal number");
    }
  }

  /** struct ifla_port_vsi: u8 mgr id, u8 type id[3] (little-endian), u8 type version, u8 pad[3]. */
  byte[] encode() {
    return new byte[] {(byte) managerId, (byte) typeId, (byte) (typeId >> 8), (byte) (typeId >> 16),
        (byte) typeIdVersion, 0, 0, 0};
  }

  private static void check(String field, int value, int max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(field + " " + value + " is outside 0-" + max + " (0x" + Integer.toHexString(max) + ")");
    }
  }
}
