package io.virtnode.node.pci;

import java.util.Optional;

/** One line of /proc/PID/mountinfo: the device number, mount point, filesystem type and source. */
record Mountinfo(int major, int minor, String mountPoint, String fsType, String source) {

  /** Parses "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw"; empty for a malformed line. */
  static Optional<Mountinfo> parse(String line) {
    String[] f = line.split(" ");
    int dash = -1;
    for (int i = 6; i < f.length; i++) {
      if (f[i].equals("-")) {
        dash = i;
        break;
      }
    }
    if (f.length < 5 || dash < 0 || dash + 2 >= f.length) {
      return Optional.empty();
    }
    String[] dev = f[2].split(":");
    if (dev.length != 2) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Mountinfo(Integer.parseInt(dev[0]), Integer.parseInt(dev[1]), unescape(f[4]),
          f[dash + 1], unescape(f[dash + 2])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The kernel writes space, tab, newline and backslash in paths as \040 \011 \012 \134. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 4 <= s.length()
          && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
