package io.virtnode.node.pci.emulated;

import static io.virtnode.node.pci.Errno.EBUSY;
import static io.virtnode.node.pci.Errno.EEXIST;
import static io.virtnode.node.pci.Errno.EINVAL;
import static io.virtnode.node.pci.Errno.ENODEV;
import static io.virtnode.node.pci.Errno.ENOTTY;

import io.virtnode.node.pci.PciAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A model of the kernel's PCI driver core for one emulated bus: devices, drivers with static and dynamic id
 * tables, driver_override, bind/unbind/drivers_probe/new_id/remove_id/reset with the kernel's errnos, vfio
 * group nodes, and faults injected per device and action. Every sysfs write of the emulated tree lands here.
 */
public final class EmulatedPciBus {
  /** The vfio driver whose bound devices make /dev/vfio/GROUP appear. */
  public static final String VFIO_PCI = "vfio-pci";
  private static final int OVERRIDE_MAX = 4095;

  private final Map<PciAddress, DeviceState> devices = new TreeMap<>();
  private final Map<String, DriverState> drivers = new LinkedHashMap<>(); // probe order = registration order
  private final Faults faults = new Faults();
  private final List<String> history = new ArrayList<>();
  private long generation;

  /** Registers a driver (module load); it then probes every unbound device it matches. */
  public synchronized EmulatedPciBus addDriver(EmulatedDriver driver) {
    if (drivers.containsKey(driver.name())) {
      throw new IllegalArgumentException("driver already registered: " + driver.name());
    }
    generation++;
    DriverState d = new DriverState(driver);
    drivers.put(driver.name(), d);
    attachAll(d);
    return this;
  }

  /** Adds a device (hotplug); the first driver that matches and probes it binds it, as at boot. */
  public synchronized EmulatedPciBus addDevice(EmulatedDevice device) {
    if (devices.containsKey(device.address())) {
      throw new IllegalArgumentException("device already present: " + device.address());
    }
    device.parent().ifPresent(p -> {
      if (!devices.containsKey(p)) {
        throw new IllegalArgumentException("parent bridge " + p + " of " + device.address() + " is not on the bus");
      }
    });
    generation++;
    DeviceState s = new DeviceState(device);
    devices.put(device.address(), s);
    probe(s);
    return this;
  }

  /** Makes the action fail with errno on that device, every time until {@link #clearFaults()}. */
  public synchronized EmulatedPciBus inject(PciAddress device, FaultAction action, int errno) {
    return inject(device, action, Optional.empty(), errno, -1);
  }

  /** Makes probes of the device by one driver fail with errno (other drivers still bind it). */
  public synchronized EmulatedPciBus refuseProbe(PciAddress device, String driver, int errno) {
    return inject(device, FaultAction.PROBE, Optional.of(driver), errno, -1);
  }

  /** The general form: times is how often the fault fires (-1: always). */
  public synchronized EmulatedPciBus inject(PciAddress device, FaultAction action, Optional<String> driver,
      int errno, int times) {
    faults.add(device, action, driver, errno, times);
    return this;
  }

  public synchronized void clearFaults() { faults.clear(); }

  // ---- what sysfs shows ----

  public synchronized List<EmulatedDevice> devices() {
    return devices.values().stream().map(s -> s.spec).toList();
  }

  public synchronized List<String> driverNames() { return List.copyOf(drivers.keySet()); }

  public synchronized Optional<String> driverOf(PciAddress a) {
    return Optional.ofNullable(state(a).driver);
  }

  public synchronized Optional<String> overrideOf(PciAddress a) {
    return Optional.ofNullable(state(a).override);
  }

  public synchronized int resetsOf(PciAddress a) { return state(a).resets; }

  public synchronized List<PciAddress> boundTo(String driver) {
    return devices.values().stream().filter(s -> driver.equals(s.driver)).map(s -> s.spec.address()).toList();
  }

  public synchronized List<PciId> dynamicIds(String driver) {
    DriverState d = drivers.get(driver);
    return d == null ? List.of() : List.copyOf(d.dynamicIds);
  }

  /** The IOMMU groups that have a /dev/vfio node: at least one member bound to vfio-pci. */
  public synchronized TreeSet<Integer> vfioGroups() {
    TreeSet<Integer> out = new TreeSet<>();
    for (DeviceState s : devices.values()) {
      if (VFIO_PCI.equals(s.driver) && s.spec.iommuGroup().isPresent()) {
        out.add(s.spec.iommuGroup().getAsInt());
      }
    }
    return out;
  }

  /** A group is viable for a VM when every member is bound to vfio-pci or to no driver. */
  public synchronized boolean isViable(int group) {
    return devices.values().stream().filter(s -> s.spec.iommuGroup().equals(OptionalInt.of(group)))
        .allMatch(s -> s.driver == null || VFIO_PCI.equals(s.driver));
  }

  public synchronized boolean hasDriver(String name) { return drivers.containsKey(name); }

  /** Bumped by every change of the bus's layout or state, so a view can tell when to rebuild. */
  synchronized long generation() { return generation; }

  /** Every sysfs write so far, "file value -> result", oldest first. */
  public synchronized List<String> history() { return List.copyOf(history); }

  synchronized byte[] config(PciAddress a) { return state(a).config.clone(); }

  synchronized EmulatedDevice spec(PciAddress a) { return state(a).spec; }

  // ---- the sysfs stores, with the kernel's answers ----

  /** /sys/bus/pci/drivers/NAME/bind: ENODEV unless the device exists and matches; EBUSY when bound. */
  synchronized void bind(String driver, String value) throws KernelError {
    record("drivers/" + driver + "/bind", value, () -> {
      DriverState d = drivers.get(driver);
      DeviceState s = devices.get(parseAddress(value));
      if (s == null || !matches(d, s)) {
        throw new KernelError(ENODEV, "no such device or " + driver + " does not match it");
      }
      if (s.driver != null) {
        throw new KernelError(EBUSY, value.trim() + " is bound to " + s.driver);
      }
      int err = tryProbe(d, s);
      if (err != 0) {
        throw new KernelError(err, driver + " probe of " + value.trim() + " failed");
      }
    });
  }

  /** /sys/bus/pci/drivers/NAME/unbind: ENODEV unless the device is bound to exactly this driver. */
  synchronized void unbind(String driver, String value) throws KernelError {
    record("drivers/" + driver + "/unbind", value, () -> {
      DeviceState s = devices.get(parseAddress(value));
      if (s == null || !driver.equals(s.driver)) {
        throw new KernelError(ENODEV, value.trim() + " is not bound to " + driver);
      }
      int err = fault(s.spec.address(), FaultAction.UNBIND, driver);
      if (err != 0) {
        throw new KernelError(err, driver + " would not release " + value.trim());
      }
      s.driver = null;
    });
  }

  /** /sys/bus/pci/drivers_probe: ENODEV for an unknown device; otherwise success whether or not it bound. */
  synchronized void driversProbe(String value) throws KernelError {
    record("drivers_probe", value, () -> {
      DeviceState s = devices.get(parseAddress(value));
      if (s == null) {
        throw new KernelError(ENODEV, "no device " + value.trim());
      }
      probe(s);
    });
  }

  /** driver_override: EINVAL past a page; a trailing newline stripped; empty clears it. */
  synchronized void setOverride(PciAddress a, String value) throws KernelError {
    record("devices/" + a + "/driver_override", value, () -> {
      if (value.length() >= OVERRIDE_MAX) {
        throw new KernelError(EINVAL, "driver_override too long");
      }
      String v = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
      state(a).override = v.isEmpty() ? null : v;
    });
  }

  /** new_id: EINVAL for fewer than two hex fields, EEXIST when already claimed; then probes unbound devices. */
  synchronized void newId(String driver, String value) throws KernelError {
    record("drivers/" + driver + "/new_id", value, () -> {
      PciId id = PciId.parse(value);
      if (id == null) {
        throw new KernelError(EINVAL, "want \"vendor device [subvendor subdevice [class mask]]\" in hex");
      }
      DriverState d = drivers.get(driver);
      if (d.dynamicIds.contains(id) || d.spec.ids().contains(id)) {
        throw new KernelError(EEXIST, driver + " already claims " + value.trim());
      }
      d.dynamicIds.add(id);
      attachAll(d);
    });
  }

  /** remove_id: ENODEV when the driver has no such dynamic id; bound devices stay bound. */
  synchronized void removeId(String driver, String value) throws KernelError {
    record("drivers/" + driver + "/remove_id", value, () -> {
      PciId id = PciId.parse(value);
      if (id == null) {
        throw new KernelError(EINVAL, "want \"vendor device [subvendor subdevice [class mask]]\" in hex");
      }
      DriverState d = drivers.get(driver);
      boolean removed = d.dynamicIds.removeIf(x -> x.vendor() == id.vendor() && x.device() == id.device()
          && x.subvendor() == id.subvendor() && x.subdevice() == id.subdevice()
          && x.classCode() == id.classCode() && x.classMask() == id.classMask());
      if (!removed) {
        throw new KernelError(ENODEV, driver + " has no dynamic id " + value.trim());
      }
    });
  }

  /** reset: only "1" is accepted (EINVAL otherwise); ENOTTY when the function has no reset method. */
  synchronized void reset(PciAddress a, String value) throws KernelError {
    record("devices/" + a + "/reset", value, () -> {
      DeviceState s = state(a);
      if (!value.trim().equals("1")) {
        throw new KernelError(EINVAL, "reset takes 1");
      }
      if (!s.spec.resettable()) {
        throw new KernelError(ENOTTY, a + " has no reset method");
      }
      int err = fault(a, FaultAction.RESET, s.driver);
      if (err != 0) {
        throw new KernelError(err, "function reset of " + a + " failed");
      }
      s.resets++;
    });
  }

  synchronized void writeConfig(PciAddress a, long offset, byte[] data) {
    byte[] c = state(a).config;
    for (int i = 0; i < data.length && offset + i < c.length; i++) {
      c[(int) offset + i] = data[i];
    }
  }

  // ---- driver core ----

  private static boolean matches(DriverState d, DeviceState s) {
    return d.matches(s);
  }

  /** device_attach: each matching driver in turn until one's probe succeeds; a failed probe is not fatal. */
  private void probe(DeviceState s) {
    if (s.driver != null) {
      return;
    }
    for (DriverState d : drivers.values()) {
      if (matches(d, s) && tryProbe(d, s) == 0) {
        return;
      }
    }
  }

  private void attachAll(DriverState d) {
    for (DeviceState s : devices.values()) {
      if (s.driver == null && matches(d, s)) {
        tryProbe(d, s);
      }
    }
  }

  private int tryProbe(DriverState d, DeviceState s) {
    int err = fault(s.spec.address(), FaultAction.PROBE, d.spec.name());
    if (err == 0) {
      s.driver = d.spec.name();
    }
    return err;
  }

  private int fault(PciAddress a, FaultAction action, String driver) {
    return faults.fire(a, action, driver);
  }

  private DeviceState state(PciAddress a) {
    DeviceState s = devices.get(a);
    if (s == null) {
      throw new IllegalArgumentException("no emulated device " + a);
    }
    return s;
  }

  private static PciAddress parseAddress(String value) throws KernelError {
    String v = value.trim();
    if (!PciAddress.isAddress(v)) {
      throw new KernelError(ENODEV, "not a device name: " + v);
    }
    return PciAddress.parse(v);
  }

  /** A store that may fail with an errno. */
  private interface Store {
    void run() throws KernelError;
  }

  private void record(String file, String value, Store store) throws KernelError {
    generation++;
    try {
      store.run();
      history.add(file + " " + value.trim() + " -> ok");
    } catch (KernelError e) {
      history.add(file + " " + value.trim() + " -> " + io.virtnode.node.pci.Errno.name(e.errno()));
      throw e;
    }
  }
}
