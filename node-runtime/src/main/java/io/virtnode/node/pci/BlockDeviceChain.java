package io.virtnode.node.pci;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a block device (major:minor) down to the PCI functions under it: its sysfs device path, the slaves
 * of stacked devices (device-mapper, md) and the backing file of a loop device.
 */
final class BlockDeviceChain {
  private final Path sysRoot;
  private final Path hostRoot;

  BlockDeviceChain(Path sysRoot, Path hostRoot) {
    this.sysRoot = sysRoot;
    this.hostRoot = hostRoot;
  }

  /** Every PCI function the block device major:minor needs; empty for virtual devices with no PCI parent. */
  Set<PciAddress> pciFunctions(int major, int minor) throws IOException {
    Set<PciAddress> out = new LinkedHashSet<>();
    walk(sysRoot.resolve("dev/block/" + major + ":" + minor), out, new HashSet<>());
    return out;
  }

  /** PCI functions under the filesystem that holds a host path (a loop's backing file, a swap file). */
  Set<PciAddress> pciFunctionsOfFileAt(String hostPath) throws IOException {
    Optional<Long> dev = deviceNumber(hostPath, "unix:dev");
    return dev.isPresent() ? pciFunctions(major(dev.get()), minor(dev.get())) : Set.of();
  }

  /** PCI functions under a block device node named by a host path (/dev/vda2). */
  Set<PciAddress> pciFunctionsOfNodeAt(String hostPath) throws IOException {
    Optional<Long> rdev = deviceNumber(hostPath, "unix:rdev");
    return rdev.isPresent() && rdev.get() != 0 ? pciFunctions(major(rdev.get()), minor(rdev.get())) : Set.of();
  }

  private void walk(Path blockLink, Set<PciAddress> out, Set<Path> seen) throws IOException {
    Path dir;
    try {
      dir = blockLink.toRealPath();
    } catch (NoSuchFileException e) {
      return;
    }
    if (!seen.add(dir)) {
      return;
    }
    out.addAll(pciAncestors(dir));
    Path disk = Files.exists(dir.resolve("partition")) ? dir.getParent() : dir;
    for (Path holderDir : new Path[] {dir, disk}) {
      try (DirectoryStream<Path> slaves = Files.newDirectoryStream(holderDir.resolve("slaves"))) {
        for (Path slave : slaves) {
          walk(slave, out, seen);
        }
      } catch (NoSuchFileException e) {
        // not a stacked device
      }
    }
    Optional<String> backing = PciSysfs.readTrimmed(disk.resolve("loop/backing_file"));
    if (backing.isPresent() && !backing.get().isEmpty()) {
      Optional<Long> dev = deviceNumber(backing.get(), "unix:dev");
      if (dev.isPresent()) {
        walk(sysRoot.resolve("dev/block/" + major(dev.get()) + ":" + minor(dev.get())), out, seen);
      }
    }
  }

  /** The PCI functions named in a canonical sysfs path: the device itself and the bridges above it. */
  static Set<PciAddress> pciAncestors(Path canonical) {
    Set<PciAddress> out = new LinkedHashSet<>();
    for (Path segment : canonical) {
      String name = segment.toString();
      if (PciAddress.isAddress(name)) {
        out.add(PciAddress.parse(name));
      }
    }
    return out;
  }

  private Optional<Long> deviceNumber(String hostPath, String attribute) throws IOException {
    if (!hostPath.startsWith("/")) {
      return Optional.empty();
    }
    try {
      Object v = Files.getAttribute(hostRoot.resolve(hostPath.substring(1)), attribute);
      return Optional.of(((Number) v).longValue());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** glibc's dev_t encoding. */
  static int major(long dev) {
    return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
  }

  static int minor(long dev) {
    return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
  }
}
