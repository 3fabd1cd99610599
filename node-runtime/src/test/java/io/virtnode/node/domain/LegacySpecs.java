package io.virtnode.node.domain;

import java.nio.file.Path;
import java.util.List;

/** Specs as the previous agent built them (13 fields, no pcieRootPorts), with the hashes it stored. */
final class LegacySpecs {
  static final String MINIMAL_HASH = "13fd89eb5fa85ac4af353bee";
  static final String FULL_HASH = "c42863fff4f002d5bcb68b5a";

  private LegacySpecs() {}

  static DomainSpec minimal() {
    return new DomainSpec("default_a", Specs.UUID, 1, 64, "pc", List.of(), List.of(), List.of(), List.of(),
        List.of(), List.of(), null, false);
  }

  /** Every kind of device; startPaused true (the hash ignores it). */
  static DomainSpec full() {
    return new DomainSpec("default_web", Specs.UUID, 2, 512, "q35",
        List.of(new DiskSpec("root", Path.of("/var/lib/virtnode/images/root.img"), false, DiskSpec.DiskFormat.QCOW2,
                DiskSpec.DiskBus.VIRTIO, false),
            new DiskSpec("data", Path.of("/dev/loop7"), true, DiskSpec.DiskFormat.RAW, DiskSpec.DiskBus.SCSI, true)),
        List.of(new ScsiControllerSpec(ScsiControllerSpec.Model.LSI)),
        List.of(new CharDeviceSpec("ttyS0", new CharBackendSpec(CharBackendSpec.Kind.FILE,
            Path.of("/var/log/vm/s.log"), false))),
        List.of(new CharDeviceSpec("hvc0", new CharBackendSpec(CharBackendSpec.Kind.PTY, null, false))),
        List.of(),
        List.of(new ChannelSpec("org.qemu.guest_agent.0", null, new CharBackendSpec(CharBackendSpec.Kind.UNIX,
                Path.of("/run/x/ga.sock"), true)),
            new ChannelSpec("com.example.fixed", 5, new CharBackendSpec(CharBackendSpec.Kind.PIPE,
                Path.of("/run/x/pipe"), false))),
        new VncSpec(true), true);
  }
}
