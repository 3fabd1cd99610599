package io.virtnode.node.pci;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Lists a node's PCI devices from sysfs (read only), with names from the pci.ids database. */
public final class PciInventory {
  private final PciSysfs sysfs;
  private final PciIds ids;

  public PciInventory(PciSysfs sysfs, PciIds ids) {
    this.sysfs = sysfs;
    this.ids = ids;
  }

  /** The real /sys with the system's pci.ids. */
  public static PciInventory system() { return new PciInventory(PciSysfs.system(), PciIds.system()); }

  /** Every device on the bus, in address order; none when sysfs has no PCI bus. */
  public List<PciDevice> list() throws IOException {
    List<PciAddress> addresses = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(sysfs.devicesDir())) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (PciAddress.isAddress(name)) {
          addresses.add(PciAddress.parse(name));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    addresses.sort(null);
    List<PciDevice> devices = new ArrayList<>();
    for (PciAddress a : addresses) {
      read(a).ifPresent(devices::add); // a device removed meanwhile is simply not listed
    }
    return List.copyOf(devices);
  }

  /** One device, empty when the bus has no such address. */
  public Optional<PciDevice> find(PciAddress a) throws IOException {
    return read(a);
  }

  private Optional<PciDevice> read(PciAddress a) throws IOException {
    try {
      return readPresent(a);
    } catch (NoSuchFileException gone) {
      return Optional.empty(); // removed (hot-unplug) while being read
    }
  }

  private Optional<PciDevice> readPresent(PciAddress a) throws IOException {
    Path dir = sysfs.device(a);
    Optional<String> vendor = PciSysfs.readTrimmed(dir.resolve("vendor"));
    if (vendor.isEmpty()) {
      return Optional.empty();
    }
    int vendorId = hex(vendor.get());
    int deviceId = hex(PciSysfs.readTrimmed(dir.resolve("device")).orElse("0xffff"));
    int classCode = hex(PciSysfs.readTrimmed(dir.resolve("class")).orElse("0xffffff"));
    OptionalInt group = iommuGroup(a);
    List<PciAddress> members = group.isPresent() ? groupMembers(group.getAsInt()) : List.of(a);
    int numa = PciSysfs.readTrimmed(dir.resolve("numa_node")).map(Integer::parseInt).orElse(-1);
    Path real = dir.toRealPath();
    String relative = sysfs.root().toRealPath().relativize(real).toString();
    return Optional.of(new PciDevice(a, vendorId, deviceId, ids.vendorName(vendorId),
        ids.deviceName(vendorId, deviceId), classCode, ids.className(classCode), sysfs.boundDriver(a),
        sysfs.driverOverride(a), group, members, numa, relative));
  }

  private OptionalInt iommuGroup(PciAddress a) throws IOException {
    Optional<String> name = PciSysfs.linkName(sysfs.deviceFile(a, "iommu_group"));
    return name.isPresent() ? OptionalInt.of(Integer.parseInt(name.get())) : OptionalInt.empty();
  }

  private List<PciAddress> groupMembers(int group) throws IOException {
    List<PciAddress> members = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(sysfs.iommuGroupDevices(group))) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (PciAddress.isAddress(name)) {
          members.add(PciAddress.parse(name));
        }
      }
    }
    members.sort(null);
    return List.copyOf(members);
  }

  private static int hex(String text) {
    return Integer.parseInt(text.startsWith("0x") ? text.substring(2) : text, 16);
  }
}
