package io.virtnode.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.node.domain.CharBackendSpec.Kind;
import io.virtnode.node.domain.DiskSpec.DiskBus;
import io.virtnode.node.domain.DiskSpec.DiskFormat;
import io.virtnode.node.domain.ScsiControllerSpec.Model;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spec → argv golden files under src/test/resources/golden/CASE.argv, one argument per line. Regenerate with
 * {@code mvn test -Dvirtnode.updateGolden=true} and review the diff; otherwise any mismatch fails.
 */
class DomainPlannerGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final Path RUN = Path.of("/run/virtnode/vms/default_web");

  static Stream<Arguments> cases() {
    return Stream.of(
        golden("minimal-pc", Specs.vm().build(), Specs.ctx()),
        golden("q35-kvm", Specs.vm().machine("q35").disk("root", DiskBus.VIRTIO).disk("cd", DiskBus.SATA).build(),
            Specs.ctx(Specs.kvm(), AddressBook.EMPTY)),
        golden("disks-virtio-scsi-sata-pc", Specs.vm().disk("root", DiskBus.VIRTIO).disk("data", DiskBus.SCSI)
            .disk("legacy", DiskBus.SATA).disk("logs", DiskBus.SCSI).disk("swap", DiskBus.SATA).build(), Specs.ctx()),
        golden("readonly-qcow2", Specs.vm().disk("base", DiskBus.VIRTIO, DiskFormat.QCOW2, true)
            .disk("shared", DiskBus.SCSI, DiskFormat.QCOW2, true).build(), Specs.ctx()),
        golden("lsi-nine-disks", nineLsiDisks(), Specs.ctx()),
        golden("wide-virtio-scsi", sixteenVirtioScsiDisks(), Specs.ctx()),
        golden("chardevs-all-backends", chardevs(), Specs.ctx()),
        golden("channels-explicit-and-auto", Specs.vm().channel("org.qemu.guest_agent.0", null)
            .channel("com.example.fixed", 5).channel("com.example.kept", null).channel("com.example.new", null).build(),
            Specs.ctx(Specs.tcg(), new AddressBook(Map.of("channel-com.example.kept", "virtio-serial:0:7")))),
        golden("vnc-tcp-no-host-audio", withVnc(false), Specs.ctx()),
        golden("vnc-unix-host-audio", withVnc(true), new PlanContext(new RuntimePaths(RUN), Specs.tcg(), null,
            null, true, AddressBook.EMPTY)),
        golden("commas-in-paths", commas(), new PlanContext(new RuntimePaths(Path.of("/run/virtnode/vms/a,b")),
            Specs.tcg(), null, null, false, AddressBook.EMPTY)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void argvMatchesGoldenFile(String name, DomainSpec spec, PlanContext ctx) throws Exception {
    String actual = String.join("\n", new DomainPlanner().plan(spec, ctx).argv()) + "\n";
    Path file = GOLDEN.resolve(name + ".argv");
    if (Boolean.getBoolean("virtnode.updateGolden")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(file).as("golden file %s (generate with -Dvirtnode.updateGolden=true)", file).exists();
    assertThat(actual).as("argv of case %s; regenerate with -Dvirtnode.updateGolden=true if intended", name)
        .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  private static Arguments golden(String name, DomainSpec spec, PlanContext ctx) {
    return Arguments.of(name, spec, ctx);
  }

  private static DomainSpec nineLsiDisks() {
    Specs s = Specs.vm().controller(Model.LSI);
    for (int i = 0; i < 9; i++) {
      s.disk("d" + i, DiskBus.SCSI);
    }
    return s.build();
  }

  private static DomainSpec sixteenVirtioScsiDisks() {
    Specs s = Specs.vm().controller(Model.VIRTIO_SCSI);
    for (int i = 0; i < 16; i++) {
      s.disk("d" + i, DiskBus.SCSI);
    }
    return s.build();
  }

  private static DomainSpec chardevs() {
    Specs s = Specs.vm();
    s.serials.add(new CharDeviceSpec("ttyS0", new CharBackendSpec(Kind.FILE, RUN.resolve("serial0.log"), false)));
    s.serials.add(new CharDeviceSpec("ttyS1", new CharBackendSpec(Kind.PTY, null, false)));
    s.parallels.add(new CharDeviceSpec("lp0", new CharBackendSpec(Kind.PIPE, RUN.resolve("lp0"), false)));
    s.consoles.add(new CharDeviceSpec("hvc0", new CharBackendSpec(Kind.UNIX, RUN.resolve("console.sock"), true)));
    s.channels.add(new ChannelSpec("org.example.client", null,
        new CharBackendSpec(Kind.UNIX, Path.of("/run/example/agent.sock"), false)));
    return s.build();
  }

  private static DomainSpec withVnc(boolean unix) {
    Specs s = Specs.vm().disk("root", DiskBus.VIRTIO);
    s.vnc = new VncSpec(unix);
    return s.build();
  }

  private static DomainSpec commas() {
    Specs s = Specs.vm();
    s.name = "odd,name";
    s.disks.add(new DiskSpec("root", Path.of("/srv/images/a,b.qcow2"), false, DiskFormat.QCOW2, DiskBus.VIRTIO,
        false));
    s.serials.add(new CharDeviceSpec("ttyS0", new CharBackendSpec(Kind.FILE, Path.of("/var/log/vm,1/serial.log"),
        false)));
    s.vnc = new VncSpec(true);
    return s.build();
  }
}
