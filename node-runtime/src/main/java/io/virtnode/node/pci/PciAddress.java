package io.virtnode.node.pci;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A PCI function address, domain:bus:slot.function, written the way sysfs names it (0000:00:1f.3). */
public record PciAddress(int domain, int bus, int slot, int function) implements Comparable<PciAddress> {
  private static final Pattern FORM =
      Pattern.compile("([0-9a-fA-F]{4}):([0-9a-fA-F]{2}):([0-1][0-9a-fA-F])\\.([0-7])");

  public PciAddress {
    if (domain < 0 || domain > 0xffff || bus < 0 || bus > 0xff || slot < 0 || slot > 0x1f
        || function < 0 || function > 7) {
      throw new IllegalArgumentException("not a PCI address: " + domain + ":" + bus + ":" + slot + "." + function);
    }
  }

  /** Parses "0000:00:1f.3"; anything else (no domain, bad digits, slot past 1f) is refused. */
  public static PciAddress parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("not a PCI address (want domain:bus:slot.function, e.g. 0000:00:1f.3): "
          + text);
    }
    return new PciAddress(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16),
        Integer.parseInt(m.group(3), 16), Integer.parseInt(m.group(4)));
  }

  /** True when the text is a full PCI address as sysfs names devices. */
  public static boolean isAddress(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  @Override
  public String toString() {
    return String.format("%04x:%02x:%02x.%x", domain, bus, slot, function);
  }

  @Override
  public int compareTo(PciAddress o) {
    return Long.compare(ordinal(), o.ordinal());
  }

  private long ordinal() {
    return ((long) domain << 16) | (bus << 8) | (slot << 3) | function;
  }
}
