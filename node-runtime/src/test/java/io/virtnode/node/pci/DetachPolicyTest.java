package io.virtnode.node.pci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The refusal rules as a pure function: in use (both directions, across a group), host-critical, no group. */
@Tag("hostdevice")
class DetachPolicyTest {
  private static final PciAddress NIC0 = PciAddress.parse("0000:01:00.0");
  private static final PciAddress NIC1 = PciAddress.parse("0000:01:00.1");
  private static final PciAddress GPU = PciAddress.parse("0000:00:02.0");
  private static final VmRef WEB = new VmRef("default", "web", "uid-web");
  private static final VmRef DB = new VmRef("default", "db", "uid-db");
  private static final VmRef WEB_RECREATED = new VmRef("default", "web", "uid-web-2");

  private static PciDevice device(PciAddress a, int classCode, OptionalInt group, List<PciAddress> members) {
    return new PciDevice(a, 0x8086, 0x10fb, Optional.empty(), Optional.empty(), classCode, Optional.empty(),
        Optional.of("ixgbe"), Optional.empty(), group, members, -1, "devices/pci0000:00/" + a);
  }

  private static final PciDevice NIC0_D = device(NIC0, 0x020000, OptionalInt.of(2), List.of(NIC0, NIC1));
  private static final PciDevice GPU_D = device(GPU, 0x030200, OptionalInt.of(3), List.of(GPU));

  private static DetachDecision decide(PciDevice d, BindingMode mode, Optional<VmRef> requester,
      Map<PciAddress, VmRef> assigned, HostCriticality host) {
    return DetachPolicy.decide(d, mode, requester, new DeviceAssignments(assigned), host);
  }

  @Test
  void aFreeDeviceMayMoveEitherWay() {
    for (BindingMode mode : BindingMode.values()) {
      assertThat(decide(GPU_D, mode, Optional.empty(), Map.of(), HostCriticality.none()).allowed()).isTrue();
    }
  }

  @Test
  void detachIsRefusedInBothDirectionsWhileTheDeviceIsAssigned() {
    for (BindingMode mode : BindingMode.values()) {
      DetachDecision d = decide(GPU_D, mode, Optional.empty(), Map.of(GPU, WEB), HostCriticality.none());
      assertThat(d.allowed()).as(mode.toString()).isFalse();
      assertThat(d.reason()).isEqualTo("InUse");
      assertThat(d.message()).contains("default/web", "uid-web", GPU.toString());
    }
  }

  @Test
  void theVmTheDeviceIsAssignedToMayMoveItButAnotherWithTheSameNameMayNot() {
    assertThat(decide(GPU_D, BindingMode.PASSTHROUGH, Optional.of(WEB), Map.of(GPU, WEB), HostCriticality.none())
        .allowed()).isTrue();
    assertThat(decide(GPU_D, BindingMode.HOST, Optional.of(WEB), Map.of(GPU, WEB), HostCriticality.none())
        .allowed()).isTrue();
    DetachDecision d = decide(GPU_D, BindingMode.HOST, Optional.of(WEB_RECREATED), Map.of(GPU, WEB),
        HostCriticality.none());
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("InUse");
  }

  @Test
  void aGroupMemberUsedByAnotherVmBlocksTheWholeGroupInBothDirections() {
    for (BindingMode mode : BindingMode.values()) {
      DetachDecision d = decide(NIC0_D, mode, Optional.of(WEB), Map.of(NIC1, DB), HostCriticality.none());
      assertThat(d.allowed()).as(mode.toString()).isFalse();
      assertThat(d.reason()).isEqualTo("InUse");
      assertThat(d.message()).contains("IOMMU group 2", NIC1.toString(), "default/db");
      assertThat(decide(NIC0_D, mode, Optional.empty(), Map.of(NIC1, DB), HostCriticality.none()).allowed())
          .isFalse();
    }
    assertThat(decide(NIC0_D, BindingMode.PASSTHROUGH, Optional.of(DB), Map.of(NIC1, DB), HostCriticality.none())
        .allowed()).as("the same VM may take the rest of its group").isTrue();
  }

  @Test
  void aHostCriticalDeviceIsNeverPassedThroughButMayGoBackToTheHost() {
    HostCriticality host = new HostCriticality(Map.of(GPU, List.of(
        new HostDependency(HostDependency.Kind.FILESYSTEM, "/var/lib", "xfs from /dev/nvme0n1p1"))));
    DetachDecision d = decide(GPU_D, BindingMode.PASSTHROUGH, Optional.empty(), Map.of(), host);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("HostCritical");
    assertThat(d.message()).contains("filesystem /var/lib", "/dev/nvme0n1p1");
    assertThat(decide(GPU_D, BindingMode.HOST, Optional.empty(), Map.of(), host).allowed()).isTrue();
  }

  @Test
  void aHostCriticalGroupMemberMakesTheWholeGroupHostCritical() {
    HostCriticality host = new HostCriticality(Map.of(NIC1, List.of(
        new HostDependency(HostDependency.Kind.NETWORK_INTERFACE, "eth1", "up, carries the default route"))));
    DetachDecision d = decide(NIC0_D, BindingMode.PASSTHROUGH, Optional.of(WEB), Map.of(), host);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("HostCritical");
    assertThat(d.message()).contains("network interface eth1", "through IOMMU group member " + NIC1);
  }

  @Test
  void devicesWithoutAnIommuGroupAndBridgesAreNotPassedThrough() {
    PciDevice lone = device(GPU, 0x030200, OptionalInt.empty(), List.of(GPU));
    assertThat(decide(lone, BindingMode.PASSTHROUGH, Optional.empty(), Map.of(), HostCriticality.none()).reason())
        .isEqualTo("NoIommuGroup");
    PciDevice bridge = device(GPU, 0x060400, OptionalInt.of(1), List.of(GPU));
    assertThat(decide(bridge, BindingMode.PASSTHROUGH, Optional.empty(), Map.of(), HostCriticality.none())
        .reason()).isEqualTo("UnsupportedDevice");
  }
}
