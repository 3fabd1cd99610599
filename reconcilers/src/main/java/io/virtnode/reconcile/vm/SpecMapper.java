package io.virtnode.reconcile.vm;

import io.virtnode.api.v1alpha1.CharBackend;
import io.virtnode.api.v1alpha1.CharDevice;
import io.virtnode.api.v1alpha1.Channel;
import io.virtnode.api.v1alpha1.Disk;
import io.virtnode.api.v1alpha1.DiskType;
import io.virtnode.api.v1alpha1.ScsiController;
import io.virtnode.api.v1alpha1.ScsiModel;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineSpec;
import io.virtnode.api.v1alpha1.VmState;
import io.virtnode.api.v1alpha1.VncListen;
import io.virtnode.node.domain.CharBackendSpec;
import io.virtnode.node.domain.CharDeviceSpec;
import io.virtnode.node.domain.ChannelSpec;
import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.ScsiControllerSpec;
import io.virtnode.node.domain.VncSpec;
import io.virtnode.node.vm.DiskCreation;
import io.virtnode.node.vm.VmIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Maps a VirtualMachine (already schema-valid) to the host-side DomainSpec; pure. */
public final class SpecMapper {
  private SpecMapper() {}

  public static VmIdentity identity(VirtualMachine vm) {
    return new VmIdentity(vm.getMetadata().getUid(), vm.getMetadata().getNamespace(), vm.getMetadata().getName());
  }

  /** QEMU guest name: namespace_name ('_' never occurs in either, so the pair stays unique). */
  public static String qemuName(VirtualMachine vm) {
    return vm.getMetadata().getNamespace() + "_" + vm.getMetadata().getName();
  }

  public static DomainSpec domain(VirtualMachine vm) {
    VirtualMachineSpec s = vm.getSpec();
    return new DomainSpec(qemuName(vm), vm.getMetadata().getUid(), s.cpus == null ? 1 : s.cpus,
        Quantities.mebibytes(s.memory), s.machine == null ? "pc" : s.machine.name(),
        list(s.disks).stream().map(SpecMapper::disk).toList(),
        list(s.scsiControllers).stream().map(SpecMapper::controller).toList(),
        list(s.serials).stream().map(SpecMapper::charDevice).toList(),
        list(s.consoles).stream().map(SpecMapper::charDevice).toList(),
        list(s.parallels).stream().map(SpecMapper::charDevice).toList(),
        list(s.channels).stream().map(c -> new ChannelSpec(c.name, c.port, backend(c.backend))).toList(),
        s.graphics == null || s.graphics.vnc == null ? null : new VncSpec(s.graphics.vnc.listen == VncListen.Unix),
        s.state == VmState.Paused).withPcieRootPorts(s.pcieRootPorts == null ? 4 : s.pcieRootPorts);
  }

  /** Blank images the spec asks to create when missing. */
  public static List<DiskCreation> creations(VirtualMachine vm) {
    return list(vm.getSpec().disks).stream().filter(d -> d.create != null)
        .map(d -> new DiskCreation(Path.of(d.path), d.format.name(), Quantities.bytes(d.create.size))).toList();
  }

  private static DiskSpec disk(Disk d) {
    return new DiskSpec(d.name, Path.of(d.path), d.type == DiskType.Block,
        DiskSpec.DiskFormat.valueOf(d.format.name().toUpperCase(Locale.ROOT)),
        DiskSpec.DiskBus.valueOf(d.bus.name().toUpperCase(Locale.ROOT)), Boolean.TRUE.equals(d.readOnly));
  }

  private static ScsiControllerSpec controller(ScsiController c) {
    return new ScsiControllerSpec(c.model == ScsiModel.Lsi ? ScsiControllerSpec.Model.LSI
        : ScsiControllerSpec.Model.VIRTIO_SCSI);
  }

  private static CharDeviceSpec charDevice(CharDevice c) {
    return new CharDeviceSpec(c.name, backend(c.backend));
  }

  private static CharBackendSpec backend(CharBackend b) {
    return new CharBackendSpec(CharBackendSpec.Kind.valueOf(b.type.name().toUpperCase(Locale.ROOT)),
        b.path == null ? null : Path.of(b.path), b.server == null || b.server);
  }

  private static <T> List<T> list(List<T> l) { return l == null ? List.of() : l; }
}
