package io.virtnode.node.pci;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the PCI devices the host itself needs: those under a mounted filesystem (mountinfo → block device →
 * sysfs path), an active swap (/proc/swaps) or a network interface that is up or carries the default route.
 * Read only; roots are injected (the real ones are /sys, /proc and /).
 */
public final class HostCriticalScanner {
  private static final int IFF_UP = 0x1;

  private final Path sysRoot;
  private final Path procRoot;
  private final BlockDeviceChain blocks;

  public HostCriticalScanner(Path sysRoot, Path procRoot, Path hostRoot) {
    this.sysRoot = sysRoot;
    this.procRoot = procRoot;
    this.blocks = new BlockDeviceChain(sysRoot, hostRoot);
  }

  /** The real host. */
  public static HostCriticalScanner system() {
    return new HostCriticalScanner(Path.of("/sys"), Path.of("/proc"), Path.of("/"));
  }

  /** Each host-critical device with what depends on it (the device itself, not its IOMMU group). */
  public HostCriticality scan() throws IOException {
    Map<PciAddress, Set<HostDependency>> found = new LinkedHashMap<>();
    mounts(found);
    swaps(found);
    interfaces(found);
    Map<PciAddress, List<HostDependency>> out = new LinkedHashMap<>();
    found.forEach((a, deps) -> out.put(a, List.copyOf(deps)));
    return new HostCriticality(out);
  }

  private void mounts(Map<PciAddress, Set<HostDependency>> found) throws IOException {
    // This process's mount namespace and the host's (pid 1), when the agent runs in a container.
    for (String table : List.of("self/mountinfo", "1/mountinfo")) {
      for (String line : lines(procRoot.resolve(table))) {
        Optional<Mountinfo> parsed = Mountinfo.parse(line);
        if (parsed.isEmpty()) {
          continue;
        }
        Mountinfo m = parsed.get();
        Set<PciAddress> under = m.major() != 0 ? blocks.pciFunctions(m.major(), m.minor())
            : m.source().startsWith("/dev/") ? blocks.pciFunctionsOfNodeAt(m.source()) : Set.of();
        add(found, under, new HostDependency(HostDependency.Kind.FILESYSTEM, m.mountPoint(),
            m.fsType() + " from " + m.source()));
      }
    }
  }

  private void swaps(Map<PciAddress, Set<HostDependency>> found) throws IOException {
    List<String> lines = lines(procRoot.resolve("swaps"));
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 2) {
        continue;
      }
      String file = Mountinfo.unescape(f[0]);
      Set<PciAddress> under = f[1].equals("partition") ? blocks.pciFunctionsOfNodeAt(file)
          : blocks.pciFunctionsOfFileAt(file);
      add(found, under, new HostDependency(HostDependency.Kind.SWAP, file, "active " + f[1]));
    }
  }

  private void interfaces(Map<PciAddress, Set<HostDependency>> found) throws IOException {
    Set<String> defaultRoute = DefaultRoutes.interfaces(procRoot);
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(sysRoot.resolve("class/net"))) {
      for (Path link : dir) {
        String name = link.getFileName().toString();
        Set<PciAddress> under;
        try {
          under = BlockDeviceChain.pciAncestors(link.toRealPath());
        } catch (NoSuchFileException e) {
          continue;
        }
        if (under.isEmpty()) {
          continue;
        }
        boolean up = (flags(link) & IFF_UP) != 0
            || PciSysfs.readTrimmed(link.resolve("operstate")).orElse("").equals("up");
        boolean route = defaultRoute.contains(name);
        if (up || route) {
          String detail = up && route ? "up, carries the default route" : up ? "up" : "carries the default route";
          add(found, under, new HostDependency(HostDependency.Kind.NETWORK_INTERFACE, name, detail));
        }
      }
    } catch (NoSuchFileException e) {
      // no network class in this sysfs
    }
  }

  private static int flags(Path link) throws IOException {
    Optional<String> f = PciSysfs.readTrimmed(link.resolve("flags"));
    return f.map(s -> Integer.decode(s)).orElse(0);
  }

  private static void add(Map<PciAddress, Set<HostDependency>> found, Set<PciAddress> under, HostDependency d) {
    for (PciAddress a : under) {
      found.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(d);
    }
  }

  static List<String> lines(Path file) throws IOException {
    try {
      return Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      return new ArrayList<>();
    } catch (java.nio.file.AccessDeniedException e) {
      return new ArrayList<>(); // another namespace's table we may not read
    }
  }
}
