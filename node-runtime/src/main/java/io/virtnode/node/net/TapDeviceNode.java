package io.virtnode.node.net;

import io.virtnode.node.nativeio.netlink.DeviceNodes;
import io.virtnode.node.nativeio.netlink.NetworkNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Makes a macvtap's character device node itself, from sysfs major:minor read inside the macvtap's network
 * namespace, under a directory the agent owns (devtmpfs names the node tap&lt;ifindex&gt;, and ifindex repeats
 * across namespaces), and opens it read-write.
 */
public final class TapDeviceNode {
  private final String namespace;

  /** For macvtaps in the named network namespace; null for the agent's own. */
  public TapDeviceNode(String namespace) { this.namespace = namespace; }

  /** Reads "major:minor" of the macvtap's device from /sys/class/net/NAME/macvtap/tapIFINDEX/dev. */
  public int[] majorMinor(MacvtapLink tap) throws IOException {
    String relative = "class/net/" + tap.name() + "/macvtap/tap" + tap.ifindex() + "/dev";
    String text = NetworkNamespace.readSysfs(namespace, sys -> {
      try {
        return Files.readString(sys.resolve(relative), StandardCharsets.US_ASCII).strip();
      } catch (NoSuchFileException e) {
        throw new IOException("macvtap " + tap.name() + " (ifindex " + tap.ifindex() + ") has no character device: /sys/"
            + relative + " is missing" + (namespace == null ? "" : " in network namespace " + namespace), e);
      }
    });
    String[] parts = text.split(":");
    if (parts.length != 2) {
      throw new IOException("/sys/" + relative + " holds '" + text + "', not major:minor");
    }
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
  }

  /**
   * Makes dir/NAME (mode 0600) as the macvtap's character device, or reuses it when it already is exactly
   * that device, and opens it; a different file of that name is refused, never replaced.
   */
  public TapDevice open(MacvtapLink tap, Path dir) throws IOException {
    int[] mm = majorMinor(tap);
    Path node = dir.resolve(tap.name());
    if (Files.exists(node, LinkOption.NOFOLLOW_LINKS)) {
      Object rdev = Files.getAttribute(node, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
      Object mode = Files.getAttribute(node, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      boolean chr = (((Integer) mode) & 0170000) == 0020000;
      long expected = makedev(mm[0], mm[1]);
      if (!chr || ((Long) rdev) != expected) {
        throw new IOException(node + " exists and is not the character device " + mm[0] + ":" + mm[1]
            + " of macvtap " + tap.name() + "; it is left alone");
      }
    } else {
      DeviceNodes.makeCharacterDevice(node, mm[0], mm[1], 0600);
    }
    return new TapDevice(node, mm[0], mm[1], DeviceNodes.openReadWrite(node));
  }

  /** Deletes the node made by {@link #open} (only if it is still a character device). */
  public static void remove(TapDevice device) throws IOException {
    Path node = device.node();
    if (Files.exists(node, LinkOption.NOFOLLOW_LINKS)
        && (((Integer) Files.getAttribute(node, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0170000) == 0020000) {
      Files.delete(node);
    }
  }

  private static long makedev(long major, long minor) {
    return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
  }
}
