package io.virtnode.node.pci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** PCI addresses parse only in sysfs's full form and print back the same. */
@Tag("hostdevice")
class PciAddressTest {
  @Test
  void parsesAndPrintsTheSysfsForm() {
    PciAddress a = PciAddress.parse("0000:3b:1f.7");
    assertThat(a).isEqualTo(new PciAddress(0, 0x3b, 0x1f, 7));
    assertThat(a.toString()).isEqualTo("0000:3b:1f.7");
    assertThat(PciAddress.parse("0000:00:02.0")).isLessThan(PciAddress.parse("0000:01:00.0"));
  }

  @Test
  void refusesShortFormsAndOutOfRangeParts() {
    for (String bad : new String[] {"00:02.0", "0000:00:20.0", "0000:00:02.8", "0000:00:02.0/../x", "", "zz"}) {
      assertThatThrownBy(() -> PciAddress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("domain:bus:slot.function");
    }
  }
}
