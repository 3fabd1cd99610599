package io.virtnode.node.pci.emulated;

import static io.virtnode.node.pci.emulated.EmulatedLayouts.GPU;
import static io.virtnode.node.pci.emulated.EmulatedLayouts.NIC0;
import static io.virtnode.node.pci.emulated.EmulatedLayouts.NIC1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.nativeio.NativeException;
import io.virtnode.node.pci.Errno;
import io.virtnode.node.pci.PciAddress;
import io.virtnode.node.pci.SysfsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulated tree answers writes the way the kernel's PCI driver core does, through a real FUSE mount. */
@Tag("hostdevice")
class EmulatedBusSemanticsTest {
  private static final PciAddress GPU_A = PciAddress.parse(GPU);
  private static final PciAddress NIC0_A = PciAddress.parse(NIC0);
  private static final PciAddress NIC1_A = PciAddress.parse(NIC1);

  @TempDir Path dir;
  private EmulatedPciHost host;
  private EmulatedPciBus bus;
  private SysfsWriter writer;

  @BeforeEach
  void mount() {
    bus = EmulatedLayouts.twoNicsAndGpu();
    host = MountedBus.mount(bus, dir);
    writer = MountedBus.writerConfinedTo(host);
  }

  @AfterEach
  void unmount() {
    host.close();
  }

  private Path sys(String rel) { return host.sysRoot().resolve(rel); }

  private Path dev(PciAddress a, String file) { return host.sysfs().deviceFile(a, file); }

  private int errnoOf(Path file, String value) {
    try {
      writer.write(file, value);
      return 0;
    } catch (NativeException e) {
      return e.errno();
    }
  }

  @Test
  void devicesAreBoundAtBootByTheDriverWhoseIdsMatch() throws IOException {
    assertThat(Files.readSymbolicLink(dev(GPU_A, "driver")).toString()).isEqualTo("../../../bus/pci/drivers/nouveau");
    assertThat(dev(NIC0_A, "driver").toRealPath()).isEqualTo(sys("bus/pci/drivers/ixgbe").toRealPath());
    assertThat(Files.readString(dev(GPU_A, "driver_override"))).isEqualTo("(null)\n");
    assertThat(Files.readString(dev(GPU_A, "vendor"))).isEqualTo("0x10de\n");
    assertThat(Files.isSymbolicLink(sys("bus/pci/drivers/ixgbe/" + NIC1))).isTrue();
    assertThat(sys("bus/pci/devices/" + NIC0).toRealPath().toString())
        .endsWith("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0");
    assertThat(Files.exists(host.devRoot().resolve("vfio/vfio"))).isTrue();
    assertThat(Files.exists(host.devRoot().resolve("vfio/2"))).isFalse();
  }

  @Test
  void bindIsRefusedWhenTheOverrideNamesAnotherDriverOrTheIdsDoNotMatch() {
    assertThat(errnoOf(sys("bus/pci/drivers/nouveau/unbind"), GPU)).isZero();
    assertThat(errnoOf(dev(GPU_A, "driver_override"), "vfio-pci")).isZero();
    assertThat(errnoOf(sys("bus/pci/drivers/nouveau/bind"), GPU)).isEqualTo(Errno.ENODEV);
    assertThat(errnoOf(dev(GPU_A, "driver_override"), "\n")).isZero();
    assertThat(errnoOf(sys("bus/pci/drivers/ixgbe/bind"), GPU)).isEqualTo(Errno.ENODEV);
    assertThat(errnoOf(sys("bus/pci/drivers/vfio-pci/bind"), GPU)).as("vfio-pci has no ids of its own")
        .isEqualTo(Errno.ENODEV);
    assertThat(bus.driverOf(GPU_A)).isEmpty();
    assertThat(errnoOf(sys("bus/pci/drivers/nouveau/bind"), GPU)).isZero();
    assertThat(bus.driverOf(GPU_A)).contains("nouveau");
  }

  @Test
  void bindOfABoundDeviceIsBusyAndUnbindFromTheWrongDriverIsNoDevice() {
    assertThat(errnoOf(dev(GPU_A, "driver_override"), "nouveau")).isZero();
    assertThat(errnoOf(sys("bus/pci/drivers/nouveau/bind"), GPU)).isEqualTo(Errno.EBUSY);
    assertThat(errnoOf(sys("bus/pci/drivers/ixgbe/unbind"), GPU)).isEqualTo(Errno.ENODEV);
    assertThat(errnoOf(sys("bus/pci/drivers/nouveau/unbind"), GPU)).isZero();
    assertThat(errnoOf(sys("bus/pci/drivers/nouveau/unbind"), GPU)).as("already unbound").isEqualTo(Errno.ENODEV);
    assertThat(errnoOf(sys("bus/pci/drivers/nouveau/unbind"), "0000:09:00.0")).isEqualTo(Errno.ENODEV);
  }

  @Test
  void driversProbeBindsOnlyTheOverrideDriverAndVfioNodesFollowTheGroup() {
    assertThat(errnoOf(sys("bus/pci/drivers_probe"), "0000:09:00.0")).isEqualTo(Errno.ENODEV);
    for (PciAddress nic : new PciAddress[] {NIC0_A, NIC1_A}) {
      assertThat(errnoOf(dev(nic, "driver_override"), "vfio-pci")).isZero();
      assertThat(errnoOf(sys("bus/pci/drivers/ixgbe/unbind"), nic.toString())).isZero();
      assertThat(errnoOf(sys("bus/pci/drivers_probe"), nic.toString())).isZero();
      assertThat(bus.driverOf(nic)).contains("vfio-pci");
      assertThat(Files.exists(host.devRoot().resolve("vfio/2"))).isTrue();
    }
    assertThat(bus.isViable(2)).isTrue();
    assertThat(errnoOf(sys("bus/pci/drivers/vfio-pci/unbind"), NIC0)).isZero();
    assertThat(Files.exists(host.devRoot().resolve("vfio/2"))).as("NIC1 still holds group 2").isTrue();
    assertThat(errnoOf(sys("bus/pci/drivers/vfio-pci/unbind"), NIC1)).isZero();
    assertThat(Files.exists(host.devRoot().resolve("vfio/2"))).isFalse();
    assertThat(errnoOf(sys("bus/pci/drivers_probe"), NIC1)).isZero();
    assertThat(bus.driverOf(NIC1_A)).as("the override still names vfio-pci, so the probe gives it to vfio-pci")
        .contains("vfio-pci");
    assertThat(errnoOf(sys("bus/pci/drivers/vfio-pci/unbind"), NIC1)).isZero();
    bus.refuseProbe(NIC1_A, "vfio-pci", Errno.EIO);
    assertThat(errnoOf(sys("bus/pci/drivers_probe"), NIC1)).as("a probe that binds nothing still succeeds")
        .isZero();
    assertThat(bus.driverOf(NIC1_A)).as("ixgbe may not take a device whose override names vfio-pci").isEmpty();
    assertThat(errnoOf(dev(NIC1_A, "driver_override"), "\n")).isZero();
    assertThat(errnoOf(sys("bus/pci/drivers_probe"), NIC1)).isZero();
    assertThat(bus.driverOf(NIC1_A)).contains("ixgbe");
  }

  @Test
  void newIdBindsUnboundMatchingDevicesAndRemoveIdLeavesThemBound() throws IOException {
    assertThat(errnoOf(sys("bus/pci/drivers/nouveau/unbind"), GPU)).isZero();
    assertThat(errnoOf(sys("bus/pci/drivers/vfio-pci/new_id"), "10de")).isEqualTo(Errno.EINVAL);
    assertThat(errnoOf(sys("bus/pci/drivers/vfio-pci/new_id"), "10de 1eb8")).isZero();
    assertThat(bus.driverOf(GPU_A)).contains("vfio-pci");
    assertThat(Files.exists(host.devRoot().resolve("vfio/3"))).isTrue();
    assertThat(errnoOf(sys("bus/pci/drivers/vfio-pci/new_id"), "10de 1eb8")).isEqualTo(Errno.EEXIST);
    assertThat(errnoOf(sys("bus/pci/drivers/vfio-pci/remove_id"), "10de 1eb8")).isZero();
    assertThat(errnoOf(sys("bus/pci/drivers/vfio-pci/remove_id"), "10de 1eb8")).isEqualTo(Errno.ENODEV);
    assertThat(bus.driverOf(GPU_A)).contains("vfio-pci");
  }

  @Test
  void resetTakesOnlyOneAndInjectedFaultsFailWithTheirErrno() {
    assertThat(errnoOf(dev(GPU_A, "reset"), "0")).isEqualTo(Errno.EINVAL);
    assertThat(errnoOf(dev(GPU_A, "reset"), "1")).isZero();
    assertThat(bus.resetsOf(GPU_A)).isEqualTo(1);
    bus.inject(GPU_A, FaultAction.RESET, Errno.EIO);
    assertThat(errnoOf(dev(GPU_A, "reset"), "1")).isEqualTo(Errno.EIO);
    assertThat(bus.resetsOf(GPU_A)).isEqualTo(1);
    assertThat(Files.exists(host.sysfs().deviceFile(PciAddress.parse(EmulatedLayouts.HOST_BRIDGE), "reset")))
        .as("a function without a reset method has no reset file").isFalse();
  }

  @Test
  void anUnbindFaultKeepsTheDeviceBoundAndFiresOnlyAsOftenAsAsked() {
    bus.inject(GPU_A, FaultAction.UNBIND, java.util.Optional.empty(), Errno.EBUSY, 1);
    assertThat(errnoOf(sys("bus/pci/drivers/nouveau/unbind"), GPU)).isEqualTo(Errno.EBUSY);
    assertThat(bus.driverOf(GPU_A)).contains("nouveau");
    assertThat(errnoOf(sys("bus/pci/drivers/nouveau/unbind"), GPU)).isZero();
    assertThat(bus.history()).containsSubsequence(
        "drivers/nouveau/unbind " + GPU + " -> EBUSY", "drivers/nouveau/unbind " + GPU + " -> ok");
  }

  @Test
  void aRefusedProbeLeavesTheDeviceUnboundAndTheNextDriverMayTakeIt() {
    bus.refuseProbe(GPU_A, "vfio-pci", Errno.EINVAL);
    assertThat(errnoOf(sys("bus/pci/drivers/nouveau/unbind"), GPU)).isZero();
    assertThat(errnoOf(dev(GPU_A, "driver_override"), "vfio-pci")).isZero();
    assertThat(errnoOf(sys("bus/pci/drivers_probe"), GPU)).isZero();
    assertThat(bus.driverOf(GPU_A)).isEmpty();
    assertThat(errnoOf(sys("bus/pci/drivers/vfio-pci/bind"), GPU)).isEqualTo(Errno.EINVAL);
    assertThat(errnoOf(dev(GPU_A, "driver_override"), "\n")).isZero();
    assertThat(errnoOf(sys("bus/pci/drivers_probe"), GPU)).isZero();
    assertThat(bus.driverOf(GPU_A)).contains("nouveau");
  }

  @Test
  void readOnlyAttributesCannotBeOpenedForWritingAndShellWritesWork() throws Exception {
    assertThat(errnoOf(dev(GPU_A, "vendor"), "0x1234")).isEqualTo(Errno.EACCES);
    Process p = new ProcessBuilder("sh", "-c", "echo vfio-pci > " + dev(GPU_A, "driver_override")).start();
    assertThat(p.waitFor()).isZero();
    assertThat(Files.readString(dev(GPU_A, "driver_override"))).isEqualTo("vfio-pci\n");
    assertThat(errnoOf(dev(GPU_A, "driver_override"), "x".repeat(5000))).isEqualTo(Errno.EINVAL);
  }

  @Test
  void mountingOverAnOccupiedDirectoryFailsAtOnceAndSaysWhy() throws IOException {
    Path occupied = Files.createDirectories(dir.resolve("occupied"));
    Files.writeString(occupied.resolve("file"), "x");
    assertThatThrownBy(() -> EmulatedPciHost.mount(EmulatedLayouts.twoNicsAndGpu(), occupied))
        .isInstanceOf(IOException.class).hasMessageContaining("must be an empty directory");
    assertThat(Files.readString(occupied.resolve("file"))).isEqualTo("x");
  }
}
