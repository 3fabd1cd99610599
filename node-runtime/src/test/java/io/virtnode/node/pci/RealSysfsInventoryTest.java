package io.virtnode.node.pci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Read-only, on this machine's real /sys: the inventory lists what lspci lists, and the devices under the root
 * filesystem and the default-route interface are host-critical. Nothing here writes to sysfs.
 */
@Tag("hostdevice")
class RealSysfsInventoryTest {

  @Test
  void inventoryListsTheDevicesLspciShowsWithTheirIdsNamesClassAndDriver() throws Exception {
    List<PciDevice> devices = PciInventory.system().list();
    Map<String, Map<String, String>> lspci = Lspci.records(Optional.empty());

    assertThat(devices).as("this machine has PCI devices").isNotEmpty();
    assertThat(devices.stream().map(d -> d.address().toString()).toList())
        .containsExactlyElementsOf(lspci.keySet());
    assertMatchesLspci(devices, lspci);
  }

  @Test
  void theRootDiskAndTheDefaultRouteNicAreHostCriticalAndTheRestIsNot() throws Exception {
    // Expected devices found with other tools than the scanner's: mountpoint(1) and ip(8).
    String rootDev = run("mountpoint", "-d", "/").trim();
    PciAddress disk = lastPciIn(Path.of("/sys/dev/block/" + rootDev).toRealPath());
    String routeDev = run("ip", "-o", "route", "show", "default").replaceAll(".* dev (\\S+).*\\s*", "$1");
    PciAddress nic = lastPciIn(Path.of("/sys/class/net/" + routeDev).toRealPath());

    HostCriticality host = HostCriticalScanner.system().scan();

    assertThat(host.of(disk)).as("the root disk " + disk).anySatisfy(dep -> {
      assertThat(dep.kind()).isEqualTo(HostDependency.Kind.FILESYSTEM);
      assertThat(dep.subject()).isEqualTo("/");
    });
    assertThat(host.of(nic)).as("the NIC " + nic).anySatisfy(dep -> {
      assertThat(dep.kind()).isEqualTo(HostDependency.Kind.NETWORK_INTERFACE);
      assertThat(dep.subject()).isEqualTo(routeDev);
      assertThat(dep.detail()).contains("default route");
    });
    for (PciDevice d : PciInventory.system().list()) {
      if (!hasBlockOrNetBelow(Path.of("/sys/bus/pci/devices", d.address().toString()).toRealPath())) {
        assertThat(host.isCritical(d.address())).as(d.address() + " has no disk or interface below it").isFalse();
      }
      if (host.isCritical(d.address())) {
        DetachDecision decision = DetachPolicy.decide(d, BindingMode.PASSTHROUGH, Optional.empty(),
            DeviceAssignments.none(), host);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo("HostCritical");
      }
    }
    DetachDecision diskDecision = DetachPolicy.decide(PciInventory.system().find(disk).orElseThrow(),
        BindingMode.PASSTHROUGH, Optional.empty(), DeviceAssignments.none(), host);
    assertThat(diskDecision.message()).contains("filesystem /");
  }

  /** Each device's class, ids, names, driver, IOMMU group and NUMA node are what lspci says. */
  static void assertMatchesLspci(List<PciDevice> devices, Map<String, Map<String, String>> lspci) {
    for (PciDevice d : devices) {
      Map<String, String> r = lspci.get(d.address().toString());
      assertThat(String.format("%04x", d.classCode() >> 8)).as(d.address() + " class").isEqualTo(r.get("ClassId"));
      assertThat(d.ids()).as(d.address() + " ids").isEqualTo(r.get("VendorId") + ":" + r.get("DeviceId"));
      assertThat(d.vendorName().orElse(String.format("Vendor %04x", d.vendorId())))
          .as(d.address() + " vendor name").isEqualTo(r.get("Vendor"));
      assertThat(d.deviceName().orElse(String.format("Device %04x", d.deviceId())))
          .as(d.address() + " device name").isEqualTo(r.get("Device"));
      assertThat(d.driver()).as(d.address() + " driver").isEqualTo(Optional.ofNullable(r.get("Driver")));
      if (r.containsKey("IOMMUGroup")) {
        assertThat(d.iommuGroup()).hasValue(Integer.parseInt(r.get("IOMMUGroup")));
      } else {
        assertThat(d.iommuGroup()).isEmpty();
        assertThat(d.iommuGroupMembers()).containsExactly(d.address());
      }
      assertThat(d.numaNode()).isEqualTo(Integer.parseInt(r.getOrDefault("NUMANode", "-1")));
    }
  }

  private static PciAddress lastPciIn(Path canonical) {
    PciAddress last = null;
    for (Path segment : canonical) {
      if (PciAddress.isAddress(segment.toString())) {
        last = PciAddress.parse(segment.toString());
      }
    }
    assertThat(last).as("a PCI device above " + canonical).isNotNull();
    return last;
  }

  private static boolean hasBlockOrNetBelow(Path dir) throws IOException {
    try (var walk = Files.walk(dir, 3)) {
      return walk.anyMatch(p -> p.getFileName().toString().equals("block") || p.getFileName().toString().equals("net"));
    }
  }

  static String run(String... argv) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(argv).redirectErrorStream(false).start();
    } catch (IOException e) {
      return fail(argv[0] + " is missing: install Debian package "
          + (argv[0].equals("lspci") ? "pciutils" : argv[0].equals("ip") ? "iproute2" : "util-linux"), e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.getErrorStream().readAllBytes();
    assertThat(p.waitFor()).as(String.join(" ", argv)).isZero();
    return out;
  }
}
