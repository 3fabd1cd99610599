package io.virtnode.node.domain;

import io.virtnode.node.domain.DiskSpec.DiskBus;
import io.virtnode.node.domain.DiskSpec.DiskFormat;
import io.virtnode.node.qemu.Capabilities;
import io.virtnode.node.qemu.QemuCapability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** Test builder of specs and contexts for the planner. */
final class Specs {
  static final String QEMU = "/usr/bin/qemu-system-x86_64";
  static final String UUID = "6f1c2a3e-0b1d-4c5e-9f00-112233445566";

  String name = "default_web";
  String machine = "pc";
  int cpus = 2;
  long memoryMiB = 512;
  final List<DiskSpec> disks = new ArrayList<>();
  final List<ScsiControllerSpec> controllers = new ArrayList<>();
  final List<CharDeviceSpec> serials = new ArrayList<>();
  final List<CharDeviceSpec> consoles = new ArrayList<>();
  final List<CharDeviceSpec> parallels = new ArrayList<>();
  final List<ChannelSpec> channels = new ArrayList<>();
  VncSpec vnc;

  static Specs vm() {
    return new Specs();
  }

  /** Every capability of QEMU 7.2 TCG on this host kind. */
  static Capabilities tcg() {
    return new Capabilities(QEMU, "7.2.22", EnumSet.complementOf(EnumSet.of(QemuCapability.KVM)));
  }

  static Capabilities kvm() {
    return new Capabilities(QEMU, "7.2.22", EnumSet.allOf(QemuCapability.class));
  }

  static Capabilities without(QemuCapability... missing) {
    EnumSet<QemuCapability> flags = EnumSet.complementOf(EnumSet.of(QemuCapability.KVM));
    for (QemuCapability m : missing) {
      flags.remove(m);
    }
    return new Capabilities(QEMU, "7.2.22", flags);
  }

  static PlanContext ctx(Capabilities caps, AddressBook previous) {
    return new PlanContext(new RuntimePaths(Path.of("/run/virtnode/vms/default_web")), caps, 5901, "127.0.0.1",
        false, previous);
  }

  static PlanContext ctx() {
    return ctx(tcg(), AddressBook.EMPTY);
  }

  Specs machine(String m) {
    machine = m;
    return this;
  }

  Specs disk(String diskName, DiskBus bus) {
    return disk(diskName, bus, DiskFormat.RAW, false);
  }

  Specs disk(String diskName, DiskBus bus, DiskFormat format, boolean readOnly) {
    disks.add(new DiskSpec(diskName, Path.of("/var/lib/virtnode/images/" + diskName + ".img"), false, format, bus,
        readOnly));
    return this;
  }

  Specs controller(ScsiControllerSpec.Model model) {
    controllers.add(new ScsiControllerSpec(model));
    return this;
  }

  Specs channel(String channelName, Integer port) {
    channels.add(new ChannelSpec(channelName, port,
        new CharBackendSpec(CharBackendSpec.Kind.UNIX, Path.of("/run/virtnode/vms/default_web/" + channelName), true)));
    return this;
  }

  DomainSpec build() {
    return new DomainSpec(name, UUID, cpus, memoryMiB, machine, disks, controllers, serials, consoles, parallels,
        channels, vnc, false);
  }
}
