package io.virtnode.node.pci.emulated;

import java.util.Locale;

/**
 * One entry of a driver's id table, as the kernel's struct pci_device_id: ids with {@link #ANY} wildcards and
 * a class code under a mask. The form new_id and remove_id accept: "vendor device [subvendor subdevice
 * [class class_mask]]" in hex.
 */
public record PciId(int vendor, int device, int subvendor, int subdevice, int classCode, int classMask) {
  public static final int ANY = 0xffffffff;

  public static PciId of(int vendor, int device) {
    return new PciId(vendor, device, ANY, ANY, 0, 0);
  }

  /** Parses new_id/remove_id input; null when the kernel would answer EINVAL (fewer than two fields). */
  static PciId parse(String text) {
    String[] f = text.trim().split("\\s+");
    if (f.length < 2) {
      return null;
    }
    try {
      int[] v = {0, 0, ANY, ANY, 0, 0};
      for (int i = 0; i < Math.min(f.length, 6); i++) {
        v[i] = Integer.parseUnsignedInt(f[i].toLowerCase(Locale.ROOT).replaceFirst("^0x", ""), 16);
      }
      return new PciId(v[0], v[1], v[2], v[3], v[4], v[5]);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  boolean matches(EmulatedDevice d) {
    return (vendor == ANY || vendor == d.vendorId())
        && (device == ANY || device == d.deviceId())
        && (subvendor == ANY || subvendor == d.subsystemVendorId())
        && (subdevice == ANY || subdevice == d.subsystemDeviceId())
        && ((classCode ^ d.classCode()) & classMask) == 0;
  }
}
