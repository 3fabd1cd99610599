package io.virtnode.node.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Stable macvtap names and MACs, interface-name and MAC validation. */
class MacvtapNamesTest {
  @Test
  void namesAreStableShortAndRecognisable() {
    String name = MacvtapNames.macvtapName("6f1c2a7e-0000-4000-8000-000000000001", "net0");
    assertThat(name).isEqualTo(MacvtapNames.macvtapName("6f1c2a7e-0000-4000-8000-000000000001", "net0"))
        .startsWith("vn").matches("vn[0-9a-f]{12}");
    assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(15);
    assertThat(MacvtapNames.looksOurs(name)).isTrue();
    assertThat(MacvtapNames.looksOurs("eth0")).isFalse();
    assertThat(MacvtapNames.macvtapName("6f1c2a7e-0000-4000-8000-000000000001", "net1")).isNotEqualTo(name);
    assertThat(MacvtapNames.macvtapName("6f1c2a7e-0000-4000-8000-000000000002", "net0")).isNotEqualTo(name);
  }

  @Test
  void macsAreStableLocallyAdministeredUnicastAndSpread() {
    MacAddress mac = MacvtapNames.stableMac("uid-1", "net0");
    assertThat(MacvtapNames.stableMac("uid-1", "net0")).isEqualTo(mac);
    Set<MacAddress> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      MacAddress m = MacvtapNames.stableMac("uid-" + i, "net0");
      assertThat(m.isLocallyAdministered()).isTrue();
      assertThat(m.isMulticast()).isFalse();
      seen.add(m);
    }
    assertThat(seen).hasSize(2000);
  }

  @Test
  void invalidInterfaceNamesAreRefused() {
    assertThatThrownBy(() -> MacvtapNames.requireValid("a-name-of-16-byt")).hasMessageContaining("not a valid interface name");
    assertThatThrownBy(() -> MacvtapNames.requireValid("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MacvtapNames.requireValid("")).isInstanceOf(IllegalArgumentException.class);
    MacvtapNames.requireValid("enp0s31f6.1234");
  }

  @Test
  void aMacvtapNeedsAUnicastMac() {
    assertThatThrownBy(() -> new MacvtapSpec("vn0", "eth0", MacvtapMode.BRIDGE, MacAddress.parse("01:00:5e:00:00:01")))
        .hasMessageContaining("is not a unicast address");
    assertThatThrownBy(() -> new MacvtapSpec("vn0", "eth0", MacvtapMode.BRIDGE, MacAddress.parse("00:00:00:00:00:00")))
        .hasMessageContaining("is not a unicast address");
  }

  @Test
  void macTextRoundTripsAndBadTextIsNamed() {
    assertThat(MacAddress.parse("02:AA:bb:00:11:22").toString()).isEqualTo("02:aa:bb:00:11:22");
    assertThatThrownBy(() -> MacAddress.parse("02:aa:bb")).hasMessageContaining("'02:aa:bb' is not a MAC address");
  }
}
