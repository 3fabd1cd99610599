package io.virtnode.node.pci;

import static io.virtnode.node.pci.emulated.EmulatedLayouts.GPU;
import static io.virtnode.node.pci.emulated.EmulatedLayouts.NIC0;
import static io.virtnode.node.pci.emulated.EmulatedLayouts.NIC1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.virtnode.node.pci.emulated.EmulatedDevice;
import io.virtnode.node.pci.emulated.EmulatedLayouts;
import io.virtnode.node.pci.emulated.EmulatedPciBus;
import io.virtnode.node.pci.emulated.EmulatedPciHost;
import io.virtnode.node.pci.emulated.FaultAction;
import io.virtnode.node.pci.emulated.MountedBus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production binder on the emulated sysfs tree: round trips, and every injected fault rolled back. */
@Tag("hostdevice")
class SysfsPciBinderTest {
  private static final PciAddress GPU_A = PciAddress.parse(GPU);
  private static final PciAddress NIC0_A = PciAddress.parse(NIC0);
  private static final PciAddress NIC1_A = PciAddress.parse(NIC1);

  @TempDir Path dir;
  private EmulatedPciHost host;
  private EmulatedPciBus bus;
  private SysfsPciBinder binder;

  @BeforeEach
  void mount() {
    bus = EmulatedLayouts.twoNicsAndGpu();
    bus.addDevice(EmulatedDevice.of("0000:00:05.0", 0x8086, 0x10fb, 0x020000)); // no IOMMU group
    host = MountedBus.mount(bus, dir);
    binder = new SysfsPciBinder(host.sysfs(), host.devRoot(), MountedBus.writerConfinedTo(host));
  }

  @AfterEach
  void unmount() {
    host.close();
  }

  private Path vfioNode(int group) { return host.devRoot().resolve("vfio/" + group); }

  @Test
  void passthroughAndBackRestoresTheOriginalDriver() throws Exception {
    PassthroughBinding b = binder.passthrough(GPU_A);

    assertThat(b.previousDriver()).contains("nouveau");
    assertThat(b.iommuGroup()).isEqualTo(3);
    assertThat(b.vfioGroupNode()).isEqualTo(vfioNode(3));
    assertThat(b.alreadyPassthrough()).isFalse();
    assertThat(bus.driverOf(GPU_A)).contains("vfio-pci");
    assertThat(bus.overrideOf(GPU_A)).contains("vfio-pci");
    assertThat(Files.exists(vfioNode(3))).isTrue();
    assertThat(new PciInventory(host.sysfs(), PciIds.empty()).find(GPU_A).orElseThrow().driver())
        .contains("vfio-pci");

    assertThat(binder.host(GPU_A, b.previousDriver())).contains("nouveau");
    assertThat(bus.driverOf(GPU_A)).contains("nouveau");
    assertThat(bus.overrideOf(GPU_A)).isEmpty();
    assertThat(Files.exists(vfioNode(3))).isFalse();
    assertThat(bus.history()).containsSubsequence(
        "devices/" + GPU + "/driver_override vfio-pci -> ok", "drivers/nouveau/unbind " + GPU + " -> ok",
        "drivers_probe " + GPU + " -> ok", "drivers/vfio-pci/unbind " + GPU + " -> ok",
        "devices/" + GPU + "/driver_override  -> ok", "drivers_probe " + GPU + " -> ok");
  }

  @Test
  void bothFunctionsOfAGroupShareOneVfioNodeUntilTheLastGoesBack() throws Exception {
    binder.passthrough(NIC0_A);
    binder.passthrough(NIC1_A);
    assertThat(bus.isViable(2)).isTrue();
    binder.host(NIC0_A, Optional.of("ixgbe"));
    assertThat(Files.exists(vfioNode(2))).isTrue();
    binder.host(NIC1_A, Optional.of("ixgbe"));
    assertThat(Files.exists(vfioNode(2))).isFalse();
    assertThat(bus.boundTo("ixgbe")).contains(NIC0_A, NIC1_A);
  }

  @Test
  void repeatingAMoveWritesNothing() throws Exception {
    binder.passthrough(GPU_A);
    int writes = bus.history().size();
    PassthroughBinding again = binder.passthrough(GPU_A);
    assertThat(again.alreadyPassthrough()).isTrue();
    assertThat(bus.history()).hasSize(writes);
    binder.host(GPU_A, Optional.of("nouveau"));
    writes = bus.history().size();
    assertThat(binder.host(GPU_A, Optional.of("nouveau"))).contains("nouveau");
    assertThat(bus.history()).hasSize(writes);
  }

  @Test
  void aBusyUnbindLeavesTheDeviceOnItsDriverWithTheOverrideCleared() {
    bus.inject(GPU_A, FaultAction.UNBIND, Errno.EBUSY);
    PciBindException e = catchThrowableOfType(PciBindException.class, () -> binder.passthrough(GPU_A));
    assertThat(e.reason()).isEqualTo("UnbindFailed");
    assertThat(e.errnoName()).isEqualTo("EBUSY");
    assertThat(e.device()).isEqualTo(GPU_A);
    assertThat(e.operation()).isEqualTo(PciBindException.Operation.PASSTHROUGH);
    assertThat(e.leftBoundTo()).contains("nouveau");
    assertThat(e.getMessage()).contains(GPU, "unbind", "EBUSY", "bound to nouveau");
    assertThat(bus.driverOf(GPU_A)).contains("nouveau");
    assertThat(bus.overrideOf(GPU_A)).isEmpty();
  }

  @Test
  void aRefusedVfioBindGivesTheDeviceBackToItsDriver() {
    bus.refuseProbe(GPU_A, "vfio-pci", Errno.EINVAL);
    PciBindException e = catchThrowableOfType(PciBindException.class, () -> binder.passthrough(GPU_A));
    assertThat(e.reason()).isEqualTo("BindRefused");
    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
    assertThat(e.leftBoundTo()).contains("nouveau");
    assertThat(bus.driverOf(GPU_A)).contains("nouveau");
    assertThat(bus.overrideOf(GPU_A)).isEmpty();
    assertThat(Files.exists(vfioNode(3))).isFalse();
  }

  @Test
  void aMissingVfioNodeRollsBackToTheOriginalDriver() throws Exception {
    Path emptyDev = Files.createDirectories(dir.resolve("no-vfio-dev"));
    SysfsPciBinder blind = new SysfsPciBinder(host.sysfs(), emptyDev, MountedBus.writerConfinedTo(host));
    PciBindException e = catchThrowableOfType(PciBindException.class, () -> blind.passthrough(GPU_A));
    assertThat(e.reason()).isEqualTo("VfioNodeMissing");
    assertThat(e.leftBoundTo()).contains("nouveau");
    assertThat(bus.driverOf(GPU_A)).contains("nouveau");
    assertThat(bus.overrideOf(GPU_A)).isEmpty();
  }

  @Test
  void aBusyVfioUnbindKeepsTheDeviceOnVfio() throws Exception {
    binder.passthrough(GPU_A);
    bus.inject(GPU_A, FaultAction.UNBIND, Errno.EBUSY);
    PciBindException e = catchThrowableOfType(PciBindException.class,
        () -> binder.host(GPU_A, Optional.of("nouveau")));
    assertThat(e.reason()).isEqualTo("UnbindFailed");
    assertThat(e.operation()).isEqualTo(PciBindException.Operation.HOST);
    assertThat(e.leftBoundTo()).contains("vfio-pci");
    assertThat(bus.driverOf(GPU_A)).contains("vfio-pci");
    assertThat(bus.overrideOf(GPU_A)).contains("vfio-pci");
    assertThat(Files.exists(vfioNode(3))).isTrue();
  }

  @Test
  void anOriginalDriverThatRefusesTheDeviceLeavesItOnVfioAndSaysSo() throws Exception {
    binder.passthrough(GPU_A);
    bus.refuseProbe(GPU_A, "nouveau", Errno.EIO);
    PciBindException e = catchThrowableOfType(PciBindException.class,
        () -> binder.host(GPU_A, Optional.of("nouveau")));
    assertThat(e.reason()).isEqualTo("DriverNotRestored");
    assertThat(e.errnoName()).isEqualTo("EIO");
    assertThat(e.leftBoundTo()).contains("vfio-pci");
    assertThat(bus.driverOf(GPU_A)).as("rolled back to the binding it had before the call").contains("vfio-pci");
    bus.clearFaults();
    assertThat(binder.host(GPU_A, Optional.of("nouveau"))).contains("nouveau");
  }

  @Test
  void aFailedResetIsReportedAndTheBindingStays() throws Exception {
    binder.reset(GPU_A);
    assertThat(bus.resetsOf(GPU_A)).isEqualTo(1);
    bus.inject(GPU_A, FaultAction.RESET, Errno.EIO);
    PciBindException e = catchThrowableOfType(PciBindException.class, () -> binder.reset(GPU_A));
    assertThat(e.reason()).isEqualTo("ResetFailed");
    assertThat(e.errnoName()).isEqualTo("EIO");
    assertThat(e.leftBoundTo()).contains("nouveau");
    assertThat(bus.driverOf(GPU_A)).contains("nouveau");
    PciBindException none = catchThrowableOfType(PciBindException.class,
        () -> binder.reset(PciAddress.parse(EmulatedLayouts.HOST_BRIDGE)));
    assertThat(none.reason()).isEqualTo("ResetFailed");
    assertThat(none.getMessage()).contains("no reset method");
  }

  @Test
  void whenEveryDriverRefusesTheReportSaysTheDeviceHasNoDriver() {
    bus.inject(GPU_A, FaultAction.PROBE, Optional.empty(), Errno.EIO, -1);
    PciBindException e = catchThrowableOfType(PciBindException.class, () -> binder.passthrough(GPU_A));
    assertThat(e.reason()).isEqualTo("BindRefused");
    assertThat(e.leftBoundTo()).isEmpty();
    assertThat(e.getMessage()).contains("with no driver");
    assertThat(e.getSuppressed()).as("the failed rollback bind is attached").isNotEmpty();
  }

  @Test
  void checksFailBeforeAnyWrite() {
    PciAddress noGroup = PciAddress.parse("0000:00:05.0");
    int writes = bus.history().size();
    PciBindException e = catchThrowableOfType(PciBindException.class, () -> binder.passthrough(noGroup));
    assertThat(e.reason()).isEqualTo("NoIommuGroup");
    assertThat(e.leftBoundTo()).contains("ixgbe");
    PciBindException missing = catchThrowableOfType(PciBindException.class,
        () -> binder.passthrough(PciAddress.parse("0000:07:00.0")));
    assertThat(missing.reason()).isEqualTo("DeviceNotFound");
    PciBindException foreign = catchThrowableOfType(PciBindException.class,
        () -> binder.host(NIC0_A, Optional.of("e1000e")));
    assertThat(foreign.reason()).isEqualTo("UnexpectedDriver");
    assertThat(bus.history()).hasSize(writes);
  }

  @Test
  void noVfioDriverIsReportedBeforeAnyWrite() {
    EmulatedPciBus plain = new EmulatedPciBus()
        .addDriver(io.virtnode.node.pci.emulated.EmulatedDriver.claiming("nouveau",
            io.virtnode.node.pci.emulated.PciId.of(0x10de, 0x1eb8)))
        .addDevice(EmulatedDevice.of(GPU, 0x10de, 0x1eb8, 0x030200).inIommuGroup(3));
    try (EmulatedPciHost other = MountedBus.mount(plain, dir.resolve("other"))) {
      SysfsPciBinder b = new SysfsPciBinder(other.sysfs(), other.devRoot(), MountedBus.writerConfinedTo(other));
      PciBindException e = catchThrowableOfType(PciBindException.class, () -> b.passthrough(GPU_A));
      assertThat(e.reason()).isEqualTo("VfioDriverMissing");
      assertThat(e.getMessage()).contains("modprobe vfio-pci");
      assertThat(plain.history()).isEmpty();
    }
  }

  @Test
  void aDetachCutShortAfterTheUnbindIsFinishedOrUndoneByTheNextCall() throws Exception {
    // The state an agent killed between unbind and drivers_probe leaves: override set, no driver.
    MountedBus.writerConfinedTo(host).write(host.sysfs().deviceFile(GPU_A, "driver_override"), "vfio-pci");
    MountedBus.writerConfinedTo(host).write(host.sysfs().driver("nouveau").resolve("unbind"), GPU);
    assertThat(bus.driverOf(GPU_A)).isEmpty();
    assertThat(binder.host(GPU_A, Optional.of("nouveau"))).as("undone").contains("nouveau");
    assertThat(bus.overrideOf(GPU_A)).isEmpty();

    MountedBus.writerConfinedTo(host).write(host.sysfs().deviceFile(GPU_A, "driver_override"), "vfio-pci");
    MountedBus.writerConfinedTo(host).write(host.sysfs().driver("nouveau").resolve("unbind"), GPU);
    PassthroughBinding finished = binder.passthrough(GPU_A);
    assertThat(finished.previousDriver()).as("the caller's claim, not sysfs, knows the original driver").isEmpty();
    assertThat(bus.driverOf(GPU_A)).contains("vfio-pci");
    assertThat(Files.exists(vfioNode(3))).isTrue();
  }
}
