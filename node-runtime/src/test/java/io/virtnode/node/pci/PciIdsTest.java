package io.virtnode.node.pci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** pci.ids parsing: vendors, devices (subsystems skipped), classes and subclasses; absent file is empty. */
@Tag("hostdevice")
class PciIdsTest {
  private static final String SAMPLE = String.join("\n",
      "# comment",
      "1af4  Red Hat, Inc.",
      "\t1041  Virtio 1.0 network device",
      "\t\t1af4 1100  QEMU Virtual Machine",
      "8086  Intel Corporation",
      "\t10fb  82599ES 10-Gigabit SFI/SFP+ Network Connection",
      "C 02  Network controller",
      "\t00  Ethernet controller",
      "\t80  Network controller",
      "C 03  Display controller",
      "\t00  VGA compatible controller",
      "\t\t00  VGA controller",
      "");

  @Test
  void namesVendorsDevicesAndClasses() throws Exception {
    PciIds ids = PciIds.parse(new BufferedReader(new StringReader(SAMPLE)));
    assertThat(ids.vendorName(0x1af4)).contains("Red Hat, Inc.");
    assertThat(ids.deviceName(0x1af4, 0x1041)).contains("Virtio 1.0 network device");
    assertThat(ids.deviceName(0x1af4, 0x1100)).as("a subsystem line is not a device").isEmpty();
    assertThat(ids.deviceName(0x8086, 0x10fb)).contains("82599ES 10-Gigabit SFI/SFP+ Network Connection");
    assertThat(ids.className(0x020000)).contains("Ethernet controller");
    assertThat(ids.className(0x030000)).contains("VGA compatible controller");
    assertThat(ids.className(0x037700)).as("unknown subclass falls back to the class").contains("Display controller");
    assertThat(ids.vendorName(0x10de)).isEmpty();
  }

  @Test
  void aMissingDatabaseNamesNothing() {
    PciIds ids = PciIds.load(Path.of("/nonexistent/pci.ids"));
    assertThat(ids.vendorCount()).isZero();
    assertThat(ids.vendorName(0x8086)).isEmpty();
  }

  @Test
  void theSystemDatabaseIsFoundWhenPciutilsIsInstalled() {
    assertThat(PciIds.system().vendorName(0x8086))
        .as("/usr/share/misc/pci.ids (Debian package pci.ids, pulled in by pciutils)").contains("Intel Corporation");
  }
}
