package io.virtnode.node.pci;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The interfaces that carry a default route, from /proc/net/route (IPv4) and /proc/net/ipv6_route. */
final class DefaultRoutes {
  private DefaultRoutes() {}

  static Set<String> interfaces(Path procRoot) throws IOException {
    Set<String> out = new HashSet<>();
    List<String> v4 = HostCriticalScanner.lines(procRoot.resolve("net/route"));
    for (String line : v4.subList(Math.min(1, v4.size()), v4.size())) {
      String[] f = line.trim().split("\\s+");
      // Iface Destination Gateway Flags RefCnt Use Metric Mask ...
      if (f.length >= 8 && f[1].equals("00000000") && f[7].equals("00000000")) {
        out.add(f[0]);
      }
    }
    for (String line : HostCriticalScanner.lines(procRoot.resolve("net/ipv6_route"))) {
      String[] f = line.trim().split("\\s+");
      // dest prefixlen src srcprefixlen nexthop metric refcnt use flags iface
      if (f.length >= 10 && f[0].matches("0{32}") && f[1].equals("00") && !f[9].equals("lo")) {
        out.add(f[9]);
      }
    }
    return out;
  }
}
