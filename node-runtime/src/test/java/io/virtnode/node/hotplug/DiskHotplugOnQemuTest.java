package io.virtnode.node.hotplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.virtnode.node.domain.AddressBook;
import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DiskSpec.DiskBus;
import io.virtnode.node.domain.DiskSpec.DiskFormat;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.ScsiControllerSpec;
import io.virtnode.node.fd.FdBroker;
import io.virtnode.node.qemu.Qmp;
import io.virtnode.node.qemu.QmpReplies.BlockDevice;
import io.virtnode.node.qemu.QmpReplies.PciDevice;
import io.virtnode.node.storage.DiskChains;
import io.virtnode.node.testing.HostTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DiskHotplug against a real QEMU 7.2 (TCG) without a guest OS: plug, unplug where QEMU needs no guest, refusals. */
@Tag("hotplug")
class DiskHotplugOnQemuTest {
  private static final String UUID = "6f1c2a3e-0b1d-4c5e-9f00-112233445566";
  @TempDir Path tmp;
  private final RecordingHost host = new RecordingHost();
  private RunningQemu qemu;

  @AfterEach
  void stop() throws Exception {
    if (qemu != null) {
      qemu.close();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"pc,RAW", "pc,QCOW2", "q35,RAW", "q35,QCOW2"})
  void virtioDiskIsPluggedAndShowsInQueryPciAndQueryBlock(String machine, DiskFormat format) throws Exception {
    qemu = RunningQemu.start(spec(machine, List.of(disk("root", DiskBus.VIRTIO, DiskFormat.RAW)), List.of()),
        tmp.resolve("run"), List.of());
    DiskSpec data = disk("data", DiskBus.VIRTIO, format);

    DiskHotplug.Attached attached = hotplug(Duration.ofSeconds(5)).attach("vm", qemu.spec, qemu.plan.addresses(), data);

    // devices behind a root port are listed once the firmware numbered the port's bus
    List<PciDevice> pci = await().atMost(Duration.ofSeconds(120)).until(() -> qemu.qmp.run(new Qmp.QueryPci()),
        all -> all.stream().anyMatch(d -> d.qdevId().equals("disk-data")));
    assertThat(pci).filteredOn(d -> d.qdevId().equals("disk-data")).singleElement().satisfies(d -> {
      if (machine.equals("pc")) {
        assertThat(d.bus()).isZero();
        assertThat(d.slot()).isEqualTo(4);
      } else {
        assertThat(d.bus()).as("behind root port rp0").isPositive();
        assertThat(d.slot()).isZero();
      }
    });
    assertThat(attached.addresses().get("disk-data")).isEqualTo(machine.equals("pc") ? "pci:0x04" : "pcie-port:0");
    assertThat(qemu.qmp.run(new Qmp.QueryBlock())).extracting(BlockDevice::nodeName).contains("disk-data");
    assertThat(qemu.fdsOn(data.path())).isPositive();
    assertThat(host.calls).containsExactly("label data");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"pc,RAW", "pc,QCOW2", "q35,RAW", "q35,QCOW2"})
  void scsiDiskIsPluggedAndUnpluggedLeavingNothingBehind(String machine, DiskFormat format) throws Exception {
    qemu = RunningQemu.start(spec(machine, List.of(disk("root", DiskBus.VIRTIO, DiskFormat.RAW)),
        List.of(new ScsiControllerSpec(ScsiControllerSpec.Model.VIRTIO_SCSI))), tmp.resolve("run"), List.of());
    List<BlockDevice> before = qemu.qmp.run(new Qmp.QueryBlock());
    DiskSpec data = disk("data", DiskBus.SCSI, format);
    DiskHotplug hotplug = hotplug(Duration.ofSeconds(60));

    DiskHotplug.Attached attached = hotplug.attach("vm", qemu.spec, qemu.plan.addresses(), data);
    assertThat(qemu.qmp.run(new Qmp.QueryBlock())).extracting(BlockDevice::nodeName).contains("disk-data");
    assertThat(attached.addresses().get("disk-data")).isEqualTo("scsi:0:0");

    AddressBook after = hotplug.detach("vm", withDisk(qemu.spec, data), attached.addresses(), "data");

    assertThat(qemu.qmp.run(new Qmp.QueryBlock())).isEqualTo(before);
    assertThat(qemu.qmp.run(new Qmp.QueryNamedBlockNodes())).noneMatch(n -> n.nodeName().endsWith("-data"));
    assertThat(qemu.qmp.run(new Qmp.QueryFdsets())).noneMatch(s -> s.fds().stream()
        .anyMatch(f -> "disk-data".equals(f.opaque())));
    assertThat(qemu.fdsOn(data.path())).isZero();
    assertThat(after.addresses()).doesNotContainKey("disk-data");
    assertThat(host.calls).containsExactly("label data", "unlabel data");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"pc", "q35"})
  void loopBlockDeviceIsAllowedPluggedUnpluggedAndDeniedInThatOrder(String machine) throws Exception {
    qemu = RunningQemu.start(spec(machine, List.of(),
        List.of(new ScsiControllerSpec(ScsiControllerSpec.Model.VIRTIO_SCSI))), tmp.resolve("run"), List.of());
    Path loop = loopDevice();
    try {
      DiskSpec block = new DiskSpec("blk", loop, true, DiskFormat.RAW, DiskBus.SCSI, false);
      DiskHotplug hotplug = new DiskHotplug(qemu.qmp, new FdBroker(List.of(tmp, Path.of("/dev"))), host,
          RunningQemu.CAPS, Duration.ofSeconds(60));

      DiskHotplug.Attached attached = hotplug.attach("vm", qemu.spec, qemu.plan.addresses(), block);
      assertThat(qemu.qmp.run(new Qmp.QueryNamedBlockNodes())).anySatisfy(n -> {
        assertThat(n.nodeName()).isEqualTo("file-blk");
        assertThat(n.driver()).isEqualTo("host_device");
      });
      assertThat(qemu.fdsOn(loop)).isPositive();
      hotplug.detach("vm", withDisk(qemu.spec, block), attached.addresses(), "blk");

      assertThat(qemu.fdsOn(loop)).isZero();
      assertThat(host.calls).containsExactly("allow " + loop + " rw", "label blk", "unlabel blk", "deny " + loop);
    } finally {
      new ProcessBuilder("losetup", "-d", loop.toString()).start().waitFor();
    }
  }

  private Path loopDevice() throws Exception {
    Path file = tmp.resolve("loop.img");
    java.nio.file.Files.write(file, new byte[1 << 20]);
    Process p = new ProcessBuilder("losetup", "-f", "--show", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.waitFor()).as("losetup -f --show (util-linux, loop driver): %s", out).isZero();
    return Path.of(out);
  }

  @Test
  void refusedDeviceAddIsRolledBackAndReportsQemusMessage() throws Exception {
    qemu = RunningQemu.start(spec("pc", List.of(disk("root", DiskBus.VIRTIO, DiskFormat.RAW)), List.of()),
        tmp.resolve("run"), List.of());
    List<BlockDevice> before = qemu.qmp.run(new Qmp.QueryBlock());
    DiskSpec data = disk("data", DiskBus.VIRTIO, DiskFormat.RAW);

    // an address book that has disk-root in the wrong slot: the planner picks its real slot, QEMU refuses
    AddressBook wrong = new AddressBook(java.util.Map.of("disk-root", "pci:0x04"));
    assertThatThrownBy(() -> hotplug(Duration.ofSeconds(5)).attach("vm", qemu.spec, wrong, data))
        .isInstanceOfSatisfying(HotplugException.class, e -> {
          assertThat(e.reason()).isEqualTo("HotplugFailed");
          assertThat(e.rollbackIncomplete()).isFalse();
          assertThat(e.getMessage()).contains("device_add disk-data").contains("slot 3");
        });

    assertNothingOfDataRemains(before, data);
    assertThat(host.calls).containsExactly("label data", "unlabel data");
    assertThat(qemu.qmp.run(new Qmp.QueryStatus()).running()).isTrue();
  }

  @Test
  void bogusFormatNodeIsRolledBack() throws Exception {
    qemu = RunningQemu.start(spec("q35", List.of(), List.of()), tmp.resolve("run"), List.of());
    List<BlockDevice> before = qemu.qmp.run(new Qmp.QueryBlock());
    DiskSpec raw = disk("data", DiskBus.VIRTIO, DiskFormat.RAW);
    DiskSpec claimedQcow2 = new DiskSpec("data", raw.path(), false, DiskFormat.QCOW2, DiskBus.VIRTIO, false);

    assertThatThrownBy(() -> hotplug(Duration.ofSeconds(5)).attach("vm", qemu.spec, qemu.plan.addresses(),
        claimedQcow2)).isInstanceOfSatisfying(HotplugException.class, e -> {
          assertThat(e.reason()).isEqualTo("HotplugFailed");
          assertThat(e.getMessage()).contains("blockdev-add disk-data").contains("qcow2");
        });

    assertNothingOfDataRemains(before, raw);
  }

  @Test
  void hostFailureBeforeQemuUndoesTheStepsBefore() throws Exception {
    qemu = RunningQemu.start(spec("pc", List.of(), List.of()), tmp.resolve("run"), List.of());
    DiskSpec block = new DiskSpec("blk", image("blk.raw", DiskFormat.RAW), true, DiskFormat.RAW, DiskBus.VIRTIO,
        false);
    host.failOn = "label";

    assertThatThrownBy(() -> hotplug(Duration.ofSeconds(5)).attach("vm", qemu.spec, qemu.plan.addresses(), block))
        .isInstanceOfSatisfying(HotplugException.class, e -> assertThat(e.getMessage()).contains("labelling"));

    assertThat(host.calls).containsExactly("allow " + block.path() + " rw", "deny " + block.path());
    assertThat(qemu.qmp.run(new Qmp.QueryFdsets())).isEmpty();
  }

  @Test
  void virtioUnplugWithoutAGuestToReleaseItTimesOutAndKeepsTheDisk() throws Exception {
    qemu = RunningQemu.start(spec("pc", List.of(), List.of()), tmp.resolve("run"), List.of());
    DiskSpec data = disk("data", DiskBus.VIRTIO, DiskFormat.RAW);
    DiskHotplug hotplug = hotplug(Duration.ofSeconds(2));
    DiskHotplug.Attached attached = hotplug.attach("vm", qemu.spec, qemu.plan.addresses(), data);

    assertThatThrownBy(() -> hotplug.detach("vm", withDisk(qemu.spec, data), attached.addresses(), "data"))
        .isInstanceOfSatisfying(HotplugException.class, e -> assertThat(e.reason()).isEqualTo("UnplugTimeout"));

    assertThat(qemu.qmp.run(new Qmp.QueryBlock())).extracting(BlockDevice::nodeName).contains("disk-data");
    assertThat(qemu.fdsOn(data.path())).isPositive();
    assertThat(host.calls).containsExactly("label data");
  }

  private void assertNothingOfDataRemains(List<BlockDevice> before, DiskSpec data) throws Exception {
    assertThat(qemu.qmp.run(new Qmp.QueryBlock())).isEqualTo(before);
    assertThat(qemu.qmp.run(new Qmp.QueryNamedBlockNodes())).noneMatch(n -> n.nodeName().endsWith("-data"));
    assertThat(qemu.qmp.run(new Qmp.QueryFdsets())).noneMatch(s -> s.fds().stream()
        .anyMatch(f -> "disk-data".equals(f.opaque())));
    assertThat(qemu.fdsOn(data.path())).isZero();
    assertThat(qemu.qmp.run(new Qmp.QueryPci())).noneMatch(d -> d.qdevId().equals("disk-data"));
  }

  private DiskHotplug hotplug(Duration unplugTimeout) {
    return new DiskHotplug(qemu.qmp, new FdBroker(List.of(tmp)), host, RunningQemu.CAPS, unplugTimeout);
  }

  private DiskSpec disk(String name, DiskBus bus, DiskFormat format) throws Exception {
    return new DiskSpec(name, image(name + "." + format.name().toLowerCase(), format), false, format, bus, false);
  }

  private Path image(String name, DiskFormat format) throws Exception {
    Path path = tmp.resolve("images").resolve(name);
    java.nio.file.Files.createDirectories(path.getParent());
    new DiskChains(HostTools.qemuImg().toString(), Duration.ofSeconds(60)).create(path,
        format.name().toLowerCase(), 16L << 20);
    return path;
  }

  static DomainSpec spec(String machine, List<DiskSpec> disks, List<ScsiControllerSpec> controllers) {
    return new DomainSpec("default_hot", UUID, 1, 128, machine, disks, controllers, List.of(), List.of(), List.of(),
        List.of(), null, false, DomainSpec.DEFAULT_PCIE_ROOT_PORTS);
  }

  static DomainSpec withDisk(DomainSpec spec, DiskSpec disk) {
    List<DiskSpec> disks = new ArrayList<>(spec.disks());
    disks.add(disk);
    return spec.withDisks(disks);
  }
}
