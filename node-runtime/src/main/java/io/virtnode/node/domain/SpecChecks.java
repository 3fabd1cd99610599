package io.virtnode.node.domain;

import io.virtnode.node.domain.DiskSpec.DiskBus;
import io.virtnode.node.qemu.Capabilities;
import io.virtnode.node.qemu.QemuCapability;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a spec against what QEMU accepts, so planning fails with a reason instead of QEMU failing later. */
final class SpecChecks {
  /** QEMU's id_wellformed(): a letter, then letters, digits, '-', '.', '_'. */
  private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
  /** Block node names are at most 31 bytes; "file-" takes 5. */
  static final int MAX_DISK_NAME = 26;
  static final int MAX_SATA_PORTS = 6;
  /** Spare root ports beyond this leave too few slots of pcie.0 for the other devices. */
  static final int MAX_PCIE_ROOT_PORTS = 16;

  private SpecChecks() {}

  static void check(DomainSpec spec, PlanContext ctx) throws PlanException {
    if (spec.name() == null || spec.name().isBlank() || hasControl(spec.name())) {
      throw new PlanException("InvalidName", "VM name '" + spec.name() + "' must be non-empty without control characters");
    }
    if (spec.uuid() == null || !UUID.matcher(spec.uuid()).matches()) {
      throw new PlanException("InvalidUuid", "uuid '" + spec.uuid() + "' must look like 8-4-4-4-12 hex digits");
    }
    if (spec.cpus() < 1 || spec.memoryMiB() < 1) {
      throw new PlanException("InvalidResources", "cpus (" + spec.cpus() + ") and memoryMiB (" + spec.memoryMiB()
          + ") must both be at least 1");
    }
    if (!"pc".equals(spec.machine()) && !"q35".equals(spec.machine())) {
      throw new PlanException("UnsupportedMachine", "machine '" + spec.machine() + "' is not supported: use pc or q35");
    }
    if (spec.pcieRootPorts() < 0 || spec.pcieRootPorts() > MAX_PCIE_ROOT_PORTS) {
      throw new PlanException("InvalidPcieRootPorts", "pcieRootPorts is " + spec.pcieRootPorts()
          + "; it must be between 0 and " + MAX_PCIE_ROOT_PORTS + " (each takes a PCI slot of pcie.0)");
    }
    checkDisks(spec.disks(), ctx.capabilities());
    checkCharDevices("serial", spec.serials(), 4);
    checkCharDevices("parallel", spec.parallels(), 3);
    checkCharDevices("console", spec.consoles(), 1);
    Set<String> names = new HashSet<>();
    for (ChannelSpec channel : spec.channels()) {
      requireId("channel", channel.name(), 64, names);
      checkBackend("channel " + channel.name(), channel.backend());
    }
  }

  private static void checkDisks(List<DiskSpec> disks, Capabilities caps) throws PlanException {
    Set<String> names = new HashSet<>();
    int sata = 0;
    for (DiskSpec disk : disks) {
      requireId("disk", disk.name(), MAX_DISK_NAME, names);
      requirePath("disk " + disk.name(), disk.path());
      if (disk.format() == null || disk.bus() == null) {
        throw new PlanException("InvalidDisk", "disk " + disk.name() + " needs a format and a bus");
      }
      if (disk.bus() == DiskBus.SATA) {
        sata++;
        if (disk.readOnly()) {
          throw new PlanException("ReadOnlySataDisk", "disk " + disk.name()
              + " is read-only on bus sata, which QEMU's ide-hd cannot do: use bus virtio or scsi");
        }
      }
    }
    if (sata > MAX_SATA_PORTS) {
      throw new PlanException("TooManyDisks", sata + " sata disks do not fit the " + MAX_SATA_PORTS
          + " SATA ports: move some to bus virtio or scsi");
    }
    if (!disks.isEmpty()) {
      require(caps, QemuCapability.BLOCKDEV, "-blockdev");
    }
  }

  private static void checkCharDevices(String kind, List<CharDeviceSpec> devices, int max) throws PlanException {
    if (devices.size() > max) {
      throw new PlanException("TooMany" + Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + "s",
          devices.size() + " " + kind + " devices asked for, at most " + max + " are supported");
    }
    Set<String> names = new HashSet<>();
    for (CharDeviceSpec device : devices) {
      requireId(kind, device.name(), 64, names);
      checkBackend(kind + " " + device.name(), device.backend());
    }
  }

  private static void checkBackend(String owner, CharBackendSpec backend) throws PlanException {
    if (backend == null || backend.kind() == null) {
      throw new PlanException("InvalidCharBackend", owner + " needs a backend (file, pipe, unix or pty)");
    }
    if (backend.kind() != CharBackendSpec.Kind.PTY) {
      requirePath(owner, backend.path());
    }
  }

  private static void requireId(String kind, String name, int maxLength, Set<String> seen) throws PlanException {
    if (name == null || !ID.matcher(name).matches() || name.length() > maxLength) {
      throw new PlanException("InvalidName", kind + " name '" + name + "' must start with a letter, contain only"
          + " letters, digits, '-', '.', '_' and be at most " + maxLength + " characters");
    }
    if (!seen.add(name)) {
      throw new PlanException("DuplicateName", "two " + kind + " devices are named '" + name + "': rename one");
    }
  }

  private static void requirePath(String owner, Path path) throws PlanException {
    if (path == null || !path.isAbsolute() || hasControl(path.toString())) {
      throw new PlanException("InvalidPath", owner + " needs an absolute path without control characters, got '"
          + path + "'");
    }
  }

  /** Fails when the binary lacks a capability the spec needs. */
  static void require(Capabilities caps, QemuCapability flag, String what) throws PlanException {
    if (!caps.has(flag)) {
      throw new PlanException("UnsupportedByQemu", "QEMU " + caps.binary() + " (" + caps.version()
          + ") lacks " + what + " (" + flag + "): use a newer QEMU or remove it from the spec");
    }
  }

  static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }
}
