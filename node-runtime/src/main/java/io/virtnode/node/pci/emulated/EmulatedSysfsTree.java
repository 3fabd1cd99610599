package io.virtnode.node.pci.emulated;

import io.virtnode.node.pci.PciAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lays an {@link EmulatedPciBus} out as the kernel does, under one root holding sys/ and dev/:
 * sys/bus/pci/{devices,drivers,drivers_probe}, sys/devices/pciDDDD:BB/..., sys/kernel/iommu_groups and
 * dev/vfio/{vfio,GROUP}. Built fresh from the bus state for each lookup, so it is never stale.
 */
final class EmulatedSysfsTree {
  static final int VFIO_MAJOR = 511; // vfio's dynamic char major, any free number does
  private static final int MISC_MAJOR = 10;
  private static final int VFIO_MINOR = 196;

  private final EmulatedPciBus bus;
  private Map<String, SysfsNode> cached;
  private long cachedGeneration = -1;

  EmulatedSysfsTree(EmulatedPciBus bus) {
    this.bus = bus;
  }

  /** The node at an absolute path inside the mount ("/" is the root), if any. */
  Optional<SysfsNode> lookup(String path) {
    return Optional.ofNullable(snapshot().get(path.length() > 1 && path.endsWith("/")
        ? path.substring(0, path.length() - 1) : path));
  }

  Map<String, SysfsNode> snapshot() {
    synchronized (bus) {
      if (cached != null && cachedGeneration == bus.generation()) {
        return cached;
      }
      cached = build();
      cachedGeneration = bus.generation();
      return cached;
    }
  }

  private Map<String, SysfsNode> build() {
    {
      Builder b = new Builder();
      b.dir("/sys/bus/pci/devices");
      b.dir("/sys/bus/pci/drivers");
      b.dir("/sys/kernel/iommu_groups");
      b.attr("/sys/bus/pci/drivers_probe", () -> new byte[0], (off, data) -> bus.driversProbe(text(data)));
      b.attr("/sys/bus/pci/drivers_autoprobe", () -> bytes("1\n"), null);
      b.dir("/dev");
      for (String name : bus.driverNames()) {
        driver(b, name);
      }
      for (EmulatedDevice d : bus.devices()) {
        device(b, d);
      }
      if (bus.hasDriver(EmulatedPciBus.VFIO_PCI)) {
        b.put("/dev/vfio/vfio", new SysfsNode.CharDev(MISC_MAJOR, VFIO_MINOR));
        for (int group : bus.vfioGroups()) {
          b.put("/dev/vfio/" + group, new SysfsNode.CharDev(VFIO_MAJOR, group));
        }
      }
      return b.build();
    }
  }

  private void driver(Builder b, String name) {
    String dir = "/sys/bus/pci/drivers/" + name;
    b.dir(dir);
    b.attr(dir + "/bind", () -> new byte[0], (off, data) -> bus.bind(name, text(data)));
    b.attr(dir + "/unbind", () -> new byte[0], (off, data) -> bus.unbind(name, text(data)));
    b.attr(dir + "/new_id", () -> new byte[0], (off, data) -> bus.newId(name, text(data)));
    b.attr(dir + "/remove_id", () -> new byte[0], (off, data) -> bus.removeId(name, text(data)));
    b.attr(dir + "/uevent", () -> new byte[0], (off, data) -> { });
    for (PciAddress a : bus.boundTo(name)) {
      b.link(dir + "/" + a, devicePath(bus.spec(a)));
    }
  }

  private void device(Builder b, EmulatedDevice d) {
    PciAddress a = d.address();
    String dir = devicePath(d);
    b.dir(dir);
    b.link("/sys/bus/pci/devices/" + a, dir);
    b.link(dir + "/subsystem", "/sys/bus/pci");
    b.attr(dir + "/vendor", () -> bytes(String.format("0x%04x%n", d.vendorId())), null);
    b.attr(dir + "/device", () -> bytes(String.format("0x%04x%n", d.deviceId())), null);
    b.attr(dir + "/subsystem_vendor", () -> bytes(String.format("0x%04x%n", d.subsystemVendorId())), null);
    b.attr(dir + "/subsystem_device", () -> bytes(String.format("0x%04x%n", d.subsystemDeviceId())), null);
    b.attr(dir + "/class", () -> bytes(String.format("0x%06x%n", d.classCode())), null);
    b.attr(dir + "/revision", () -> bytes(String.format("0x%02x%n", d.revision())), null);
    b.attr(dir + "/numa_node", () -> bytes(d.numaNode() + "\n"), null);
    b.attr(dir + "/driver_override", () -> bytes(bus.overrideOf(a).orElse("(null)") + "\n"),
        (off, data) -> bus.setOverride(a, text(data)));
    b.attr(dir + "/config", () -> bus.config(a), (off, data) -> bus.writeConfig(a, off, data), 256);
    if (d.resettable()) {
      b.attr(dir + "/reset", () -> new byte[0], (off, data) -> bus.reset(a, text(data)));
    }
    bus.driverOf(a).ifPresent(drv -> b.link(dir + "/driver", "/sys/bus/pci/drivers/" + drv));
    if (d.iommuGroup().isPresent()) {
      String group = "/sys/kernel/iommu_groups/" + d.iommuGroup().getAsInt();
      b.dir(group + "/devices");
      b.attr(group + "/type", () -> bytes("DMA\n"), null);
      b.link(dir + "/iommu_group", group);
      b.link(group + "/devices/" + a, dir);
    }
  }

  /** sys/devices/pciDDDD:BB/[bridge/...]/DDDD:BB:SS.F, nested behind the bridges the device sits behind. */
  private String devicePath(EmulatedDevice d) {
    List<EmulatedDevice> chain = new ArrayList<>();
    for (EmulatedDevice x = d; x != null; x = x.parent().map(bus::spec).orElse(null)) {
      chain.add(0, x);
    }
    PciAddress top = chain.get(0).address();
    StringBuilder p = new StringBuilder(String.format("/sys/devices/pci%04x:%02x", top.domain(), top.bus()));
    for (EmulatedDevice x : chain) {
      p.append('/').append(x.address());
    }
    return p.toString();
  }

  private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

  private static String text(byte[] data) { return new String(data, StandardCharsets.US_ASCII); }

  /** Collects nodes and fills in every parent directory's listing. */
  private static final class Builder {
    private final Map<String, SysfsNode> nodes = new HashMap<>();
    private final Map<String, List<String>> dirs = new LinkedHashMap<>();

    Builder() {
      dirs.put("/", new ArrayList<>());
    }

    void dir(String path) {
      if (dirs.containsKey(path)) {
        return;
      }
      dirs.put(path, new ArrayList<>());
      addToParent(path);
    }

    void put(String path, SysfsNode node) {
      nodes.put(path, node);
      addToParent(path);
    }

    void link(String at, String absoluteTarget) {
      Path from = Path.of(at).getParent();
      put(at, new SysfsNode.Link(from.relativize(Path.of(absoluteTarget)).toString()));
    }

    void attr(String path, SysfsNode.Reader r, SysfsNode.Store s) {
      attr(path, r, s, 4096);
    }

    void attr(String path, SysfsNode.Reader r, SysfsNode.Store s, long size) {
      put(path, new SysfsNode.Attr(r, s, size));
    }

    private void addToParent(String path) {
      String parent = path.substring(0, path.lastIndexOf('/'));
      if (parent.isEmpty()) {
        parent = "/";
      }
      dir(parent);
      List<String> children = dirs.get(parent);
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (!children.contains(name)) {
        children.add(name);
      }
    }

    Map<String, SysfsNode> build() {
      dirs.forEach((p, c) -> nodes.put(p, new SysfsNode.Dir(List.copyOf(c))));
      return nodes;
    }
  }
}
