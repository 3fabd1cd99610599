package io.virtnode.node.hotplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.node.domain.AddressBook;
import io.virtnode.node.domain.CharBackendSpec;
import io.virtnode.node.domain.CharDeviceSpec;
import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DiskSpec.DiskBus;
import io.virtnode.node.domain.DiskSpec.DiskFormat;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.ScsiControllerSpec;
import io.virtnode.node.fd.FdBroker;
import io.virtnode.node.qemu.Qmp;
import io.virtnode.node.qemu.QmpReplies.BlockDevice;
import io.virtnode.node.storage.DiskChains;
import io.virtnode.node.testing.GuestImage;
import io.virtnode.node.testing.HostTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** A real Linux guest sees a hot-plugged disk arrive in /sys/block and go again after the unplug. */
@Tag("hotplug")
class GuestSeesHotplugTest {
  private static final Duration GUEST = Duration.ofSeconds(180);
  @TempDir Path tmp;
  private final RecordingHost host = new RecordingHost();
  private RunningQemu qemu;

  @AfterEach
  void stop() throws Exception {
    if (qemu != null) {
      qemu.close();
    }
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({"pc,VIRTIO,RAW,vda", "q35,VIRTIO,QCOW2,vda", "pc,SCSI,QCOW2,sda"})
  void guestSeesTheDiskArriveAndGo(String machine, DiskBus bus, DiskFormat format, String guestName)
      throws Exception {
    GuestImage.Guest guest = GuestImage.get();
    Path serial = tmp.resolve("serial.log");
    List<ScsiControllerSpec> controllers = bus == DiskBus.SCSI
        ? List.of(new ScsiControllerSpec(ScsiControllerSpec.Model.VIRTIO_SCSI)) : List.of();
    DomainSpec spec = new DomainSpec("default_guest", "6f1c2a3e-0b1d-4c5e-9f00-112233445577", 1, 256, machine,
        List.of(), controllers, List.of(new CharDeviceSpec("ttyS0",
            new CharBackendSpec(CharBackendSpec.Kind.FILE, serial, false))), List.of(), List.of(), List.of(), null,
        false, DomainSpec.DEFAULT_PCIE_ROOT_PORTS);
    qemu = RunningQemu.start(spec, tmp.resolve("run"), guest.qemuArgs());
    awaitSerial(serial, "VN-GUEST-READY");
    assertThat(lastBlockLine(serial)).doesNotContain(guestName);

    DiskSpec data = new DiskSpec("data", image("data." + format.name().toLowerCase(), format), false, format, bus,
        false);
    DiskHotplug hotplug = new DiskHotplug(qemu.qmp, new FdBroker(List.of(tmp)), host, RunningQemu.CAPS, GUEST);
    DiskHotplug.Attached attached = hotplug.attach("vm", spec, qemu.plan.addresses(), data);
    await().atMost(GUEST).pollInterval(Duration.ofMillis(200))
        .until(() -> lastBlockLine(serial).contains(guestName));

    AddressBook after = hotplug.detach("vm", spec.withDisks(List.of(data)), attached.addresses(), "data");

    await().atMost(GUEST).pollInterval(Duration.ofMillis(200))
        .until(() -> !lastBlockLine(serial).contains(guestName));
    assertThat(qemu.qmp.run(new Qmp.QueryPci())).noneMatch(d -> d.qdevId().equals("disk-data"));
    assertThat(qemu.qmp.run(new Qmp.QueryBlock())).extracting(BlockDevice::nodeName).doesNotContain("disk-data");
    assertThat(qemu.qmp.run(new Qmp.QueryFdsets())).isEmpty();
    assertThat(qemu.fdsOn(data.path())).isZero();
    assertThat(after.addresses()).doesNotContainKey("disk-data");
    assertThat(host.calls).containsExactly("label data", "unlabel data");
  }

  private static void awaitSerial(Path serial, String marker) {
    await().atMost(GUEST).pollInterval(Duration.ofMillis(200))
        .until(() -> Files.exists(serial) && Files.readString(serial).contains(marker));
  }

  private static String lastBlockLine(Path serial) throws Exception {
    List<String> lines = Files.readAllLines(serial).stream()
        .filter(l -> l.contains("VN-BLOCK") || l.contains("VN-GUEST-READY")).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private Path image(String name, DiskFormat format) throws Exception {
    Path path = tmp.resolve("images").resolve(name);
    Files.createDirectories(path.getParent());
    new DiskChains(HostTools.qemuImg().toString(), Duration.ofSeconds(60)).create(path,
        format.name().toLowerCase(), 16L << 20);
    return path;
  }
}
