package io.virtnode.node.pci;

import io.virtnode.node.nativeio.NativeException;
import io.virtnode.node.pci.PciBindException.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link PciBinder} through sysfs, the way libvirt does it: driver_override first (so the old driver cannot
 * grab the device back), unbind, drivers_probe, then read back what is bound. Every write is checked; a
 * failure rolls the device back to the driver it had and reports what it is left bound to.
 */
public final class SysfsPciBinder implements PciBinder {
  public static final String VFIO_PCI = "vfio-pci";

  private final PciSysfs sysfs;
  private final Path devRoot;
  private final SysfsWriter writer;
  private final java.util.concurrent.ConcurrentMap<PciAddress, Object> locks =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** sysfs is the tree to write (the real /sys or an emulated one), devRoot where vfio's nodes appear. */
  public SysfsPciBinder(PciSysfs sysfs, Path devRoot, SysfsWriter writer) {
    this.sysfs = sysfs;
    this.devRoot = devRoot;
    this.writer = writer;
  }

  /** The real host: /sys and /dev. */
  public static SysfsPciBinder system() {
    return new SysfsPciBinder(PciSysfs.system(), Path.of("/dev"), new SysfsWriter());
  }

  @Override
  public PassthroughBinding passthrough(PciAddress a) throws PciBindException {
    synchronized (lock(a)) {
      return passthroughLocked(a);
    }
  }

  private PassthroughBinding passthroughLocked(PciAddress a) throws PciBindException {
    Steps s = new Steps(a, Operation.PASSTHROUGH);
    s.requireDevice();
    Optional<String> group = s.read(() -> PciSysfs.linkName(sysfs.deviceFile(a, "iommu_group")));
    if (group.isEmpty()) {
      throw s.fail(BindStep.CHECK_IOMMU_GROUP, "the device has no IOMMU group (enable the IOMMU: intel_iommu=on"
          + " or amd_iommu=on on the kernel command line)", null);
    }
    if (!Files.isDirectory(sysfs.driver(VFIO_PCI))) {
      throw s.fail(BindStep.CHECK_VFIO_DRIVER, "driver vfio-pci is not loaded (modprobe vfio-pci)", null);
    }
    int groupNumber = Integer.parseInt(group.get());
    Path node = devRoot.resolve("vfio").resolve(group.get());
    Optional<String> original = s.driver();
    if (original.equals(Optional.of(VFIO_PCI))) {
      if (!s.read(() -> sysfs.driverOverride(a)).equals(Optional.of(VFIO_PCI))) {
        s.write(BindStep.SET_OVERRIDE, sysfs.deviceFile(a, "driver_override"), VFIO_PCI, original);
      }
      s.verifyVfioNode(node, original);
      return new PassthroughBinding(a, original, groupNumber, node, true);
    }
    s.write(BindStep.SET_OVERRIDE, sysfs.deviceFile(a, "driver_override"), VFIO_PCI, original);
    if (original.isPresent()) {
      s.write(BindStep.UNBIND, sysfs.driver(original.get()).resolve("unbind"), a.toString(), original);
    }
    s.write(BindStep.BIND, sysfs.driversProbe(), a.toString(), original);
    if (!s.driver().equals(Optional.of(VFIO_PCI))) {
      // drivers_probe does not say why a probe failed; an explicit bind answers with the probe's errno.
      s.write(BindStep.BIND, sysfs.driver(VFIO_PCI).resolve("bind"), a.toString(), original);
      if (!s.driver().equals(Optional.of(VFIO_PCI))) {
        throw s.failAndRollBack(BindStep.BIND, "vfio-pci did not bind the device", null, original);
      }
    }
    s.verifyVfioNode(node, original);
    return new PassthroughBinding(a, original, groupNumber, node, false);
  }

  @Override
  public Optional<String> host(PciAddress a, Optional<String> originalDriver) throws PciBindException {
    synchronized (lock(a)) {
      return hostLocked(a, originalDriver);
    }
  }

  private Optional<String> hostLocked(PciAddress a, Optional<String> originalDriver) throws PciBindException {
    Steps s = new Steps(a, Operation.HOST);
    s.requireDevice();
    Optional<String> current = s.driver();
    Optional<String> vfio = Optional.of(VFIO_PCI);
    if (current.isPresent() && !current.equals(vfio)) {
      if (originalDriver.isPresent() && !current.equals(originalDriver)) {
        throw s.fail(BindStep.CHECK_CURRENT_DRIVER, "bound to " + current.get() + ", neither vfio-pci nor "
            + originalDriver.get() + "; not touching a binding this agent did not make", null);
      }
      if (s.read(() -> sysfs.driverOverride(a)).isPresent()) {
        s.write(BindStep.CLEAR_OVERRIDE, sysfs.deviceFile(a, "driver_override"), "\n", current);
      }
      return current; // already given back
    }
    if (current.isPresent()) {
      s.write(BindStep.UNBIND, sysfs.driver(VFIO_PCI).resolve("unbind"), a.toString(), vfio);
    }
    s.write(BindStep.CLEAR_OVERRIDE, sysfs.deviceFile(a, "driver_override"), "\n", vfio);
    s.write(BindStep.RESTORE_DRIVER, sysfs.driversProbe(), a.toString(), vfio);
    Optional<String> bound = s.driver();
    if (originalDriver.isPresent() && !bound.equals(originalDriver)) {
      if (bound.isEmpty()) {
        s.write(BindStep.RESTORE_DRIVER, sysfs.driver(originalDriver.get()).resolve("bind"), a.toString(), vfio);
        bound = s.driver();
      }
      if (!bound.equals(originalDriver)) {
        throw s.failAndRollBack(BindStep.RESTORE_DRIVER, originalDriver.get() + " did not bind the device"
            + bound.map(d -> " (" + d + " did)").orElse(""), null, vfio);
      }
    }
    return bound;
  }

  @Override
  public void reset(PciAddress a) throws PciBindException {
    synchronized (lock(a)) {
      resetLocked(a);
    }
  }

  private void resetLocked(PciAddress a) throws PciBindException {
    Steps s = new Steps(a, Operation.RESET);
    s.requireDevice();
    Path reset = sysfs.deviceFile(a, "reset");
    if (!Files.exists(reset, LinkOption.NOFOLLOW_LINKS)) {
      throw s.fail(BindStep.RESET, "the device has no reset method (no reset file)", null);
    }
    Optional<String> current = s.driver();
    s.write(BindStep.RESET, reset, "1", current);
  }

  /** One move at a time per device, within this binder. */
  private Object lock(PciAddress a) {
    return locks.computeIfAbsent(a, k -> new Object());
  }

  /** One operation's steps on one device: checked writes, read-backs and the rollback. */
  private final class Steps {
    private final PciAddress a;
    private final Operation op;

    Steps(PciAddress a, Operation op) {
      this.a = a;
      this.op = op;
    }

    void requireDevice() throws PciBindException {
      if (!Files.exists(sysfs.device(a))) {
        throw new PciBindException(a, op, BindStep.FIND_DEVICE, "no such device under " + sysfs.devicesDir(),
            null, Optional.empty());
      }
    }

    Optional<String> driver() throws PciBindException {
      return read(() -> sysfs.boundDriver(a));
    }

    <T> T read(SysfsRead<T> r) throws PciBindException {
      try {
        return r.read();
      } catch (IOException e) {
        throw new PciBindException(a, op, BindStep.READ_SYSFS, "cannot read sysfs", e, Optional.empty());
      }
    }

    /** A checked write; its failure rolls back to rollBackTo and is reported. */
    void write(BindStep step, Path file, String value, Optional<String> rollBackTo) throws PciBindException {
      try {
        writer.write(file, value);
      } catch (NativeException e) {
        throw failAndRollBack(step, "write '" + value.trim() + "' to " + sysfs.root().relativize(file), e,
            rollBackTo);
      }
    }

    void verifyVfioNode(Path node, Optional<String> original) throws PciBindException {
      if (!Files.exists(node)) {
        throw failAndRollBack(BindStep.VERIFY_VFIO_NODE, node + " did not appear after vfio-pci bound the device",
            null, original);
      }
    }

    PciBindException fail(BindStep step, String what, Throwable cause) {
      Optional<String> left;
      try {
        left = sysfs.boundDriver(a);
      } catch (IOException e) {
        left = Optional.empty();
      }
      return new PciBindException(a, op, step, what, cause, left);
    }

    /** Puts the device back on target (unbind whatever else holds it, override, probe, bind) and reports. */
    PciBindException failAndRollBack(BindStep step, String what, Throwable cause, Optional<String> target) {
      PciBindException failure;
      java.util.List<Exception> rollbackErrors = new java.util.ArrayList<>();
      try {
        Optional<String> now = sysfs.boundDriver(a);
        if (now.isPresent() && !now.equals(target)) {
          attempt(rollbackErrors, sysfs.driver(now.get()).resolve("unbind"), a.toString());
        }
        String override = target.equals(Optional.of(VFIO_PCI)) ? VFIO_PCI : "\n";
        attempt(rollbackErrors, sysfs.deviceFile(a, "driver_override"), override);
        if (target.isPresent() && !sysfs.boundDriver(a).equals(target)) {
          attempt(rollbackErrors, sysfs.driversProbe(), a.toString());
          if (sysfs.boundDriver(a).isEmpty()) {
            attempt(rollbackErrors, sysfs.driver(target.get()).resolve("bind"), a.toString());
          }
        }
      } catch (IOException e) {
        rollbackErrors.add(e);
      }
      failure = fail(step, what, cause);
      rollbackErrors.forEach(failure::addSuppressed);
      return failure;
    }

    private void attempt(java.util.List<Exception> errors, Path file, String value) {
      try {
        writer.write(file, value);
      } catch (NativeException e) {
        errors.add(e);
      }
    }
  }

  /** A sysfs read that may fail. */
  private interface SysfsRead<T> {
    T read() throws IOException;
  }
}
