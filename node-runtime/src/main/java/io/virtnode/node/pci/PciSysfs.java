package io.virtnode.node.pci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.Optional;

/** The sysfs layout of the PCI bus under an injected root (the real one is /sys): paths and small reads. */
public final class PciSysfs {
  private final Path root;

  public PciSysfs(Path root) {
    this.root = root;
  }

  /** The real /sys. */
  public static PciSysfs system() { return new PciSysfs(Path.of("/sys")); }

  public Path root() { return root; }

  public Path devicesDir() { return root.resolve("bus/pci/devices"); }

  public Path device(PciAddress a) { return devicesDir().resolve(a.toString()); }

  public Path deviceFile(PciAddress a, String name) { return device(a).resolve(name); }

  public Path driversDir() { return root.resolve("bus/pci/drivers"); }

  public Path driver(String name) { return driversDir().resolve(name); }

  public Path driversProbe() { return root.resolve("bus/pci/drivers_probe"); }

  public Path iommuGroupDevices(int group) { return root.resolve("kernel/iommu_groups/" + group + "/devices"); }

  /** The name of the driver bound to the device (last component of its driver link), empty when none. */
  public Optional<String> boundDriver(PciAddress a) throws IOException {
    return linkName(deviceFile(a, "driver"));
  }

  /** driver_override, empty when unset ("(null)" in sysfs). */
  public Optional<String> driverOverride(PciAddress a) throws IOException {
    Optional<String> v = readTrimmed(deviceFile(a, "driver_override"));
    return v.filter(s -> !s.isEmpty() && !s.equals("(null)"));
  }

  /** The last component of a symlink's target, empty when the link does not exist. */
  static Optional<String> linkName(Path link) throws IOException {
    try {
      Path target = Files.readSymbolicLink(link);
      return Optional.of(target.getFileName().toString());
    } catch (NoSuchFileException | NotLinkException e) {
      return Optional.empty();
    }
  }

  /** A small attribute file's content without surrounding whitespace, empty when absent. */
  static Optional<String> readTrimmed(Path file) throws IOException {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }
}
