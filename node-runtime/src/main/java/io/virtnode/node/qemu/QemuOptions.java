package io.virtnode.node.qemu;

import java.util.ArrayList;
import java.util.List;

/**
 * One QEMU option value: an optional leading (implied) value followed by ordered key=value pairs, rendered as
 * {@code head,key=value,...} with QEMU's comma escaping (every ',' in a value is doubled).
 */
public final class QemuOptions {
  private final String head;
  private final List<String[]> pairs = new ArrayList<>();

  private QemuOptions(String head) {
    this.head = head;
  }

  /** Options starting with an implied value, e.g. a driver ("virtio-blk-pci") or a type ("pc"). */
  public static QemuOptions of(String head) {
    checkValue("(implied value)", head);
    return new QemuOptions(head);
  }

  /** Options made only of key=value pairs, e.g. for -blockdev or -mon. */
  public static QemuOptions keys() {
    return new QemuOptions(null);
  }

  /** Appends key=value; the value is escaped when rendered. */
  public QemuOptions add(String key, String value) {
    checkKey(key);
    checkValue(key, value);
    pairs.add(new String[] {key, value});
    return this;
  }

  /** Appends key=value for a number. */
  public QemuOptions add(String key, long value) {
    return add(key, Long.toString(value));
  }

  /** Appends key=on or key=off. */
  public QemuOptions add(String key, boolean value) {
    return add(key, value ? "on" : "off");
  }

  /** Appends key=value only when condition holds. */
  public QemuOptions addIf(boolean condition, String key, String value) {
    return condition ? add(key, value) : this;
  }

  /** The rendered, escaped option value. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    if (head != null) {
      sb.append(escape(head));
    }
    for (String[] pair : pairs) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(pair[0]).append('=').append(escape(pair[1]));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return render();
  }

  /** Doubles every comma, as QEMU's option parser expects. */
  static String escape(String value) {
    return value.replace(",", ",,");
  }

  private static void checkKey(String key) {
    if (key == null || !key.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
      throw new IllegalArgumentException("invalid QEMU option key '" + key + "': use letters, digits, '-', '_', '.'");
    }
  }

  /** Rejects null and control characters (NUL, newline, ...) in a value; key names the offending option. */
  static void checkValue(String key, String value) {
    if (value == null) {
      throw new IllegalArgumentException("QEMU option " + key + " has no value");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(String.format(
            "QEMU option %s contains control character U+%04X at index %d: remove it", key, (int) c, i));
      }
    }
  }
}
