package io.virtnode.api.v1alpha1.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import io.virtnode.api.v1alpha1.Bounds;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The RE2 patterns of host-side names and addresses accept what the kernel and the standards do, and nothing else. */
@Tag("api")
class HostPatternsTest {
  private static boolean matches(String pattern, String value, int maxLength) {
    return value.length() <= maxLength && Pattern.compile(pattern).matcher(value).find();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"eth0, true", "bond0.10, true", "enp3s0f1, true", "veth-a_b@x, true", "abcdefghijklmno, true",
      "abcdefghijklmnop, false", "eth0:1, false", "a/b, false", "'a b', false", "'', false", "eth\u00e9, false"})
  void linkNamesFollowTheKernelsRules(String name, boolean ok) {
    assertThat(matches(Bounds.LINK_NAME_PATTERN, name, Bounds.LINK_NAME)).isEqualTo(ok);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"52:54:00:12:34:56, true", "02:00:00:00:00:01, true", "52:54:00:12:34, false",
      "52-54-00-12-34-56, false", "52:54:00:12:34:5G, false", "52:54:00:12:34:56:78, false", "5254.0012.3456, false"})
  void macAddressesAreSixColonSeparatedHexPairs(String mac, boolean ok) {
    assertThat(matches(Bounds.MAC_PATTERN, mac, Bounds.MAC)).isEqualTo(ok);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"192.0.2.10, true", "10.0.0.0/8, true", "0.0.0.0/0, true", "255.255.255.255/32, true",
      "256.0.0.1, false", "10.0.0.01, false", "10.0.0.0/33, false", "10.0.0, false", "10.0.0.1/, false",
      "2001:db8::1, true", "2001:db8::/64, true", "::1, true", "::, true", "fe80::1:2:3:4:5, true",
      "2001:0db8:0000:0000:0000:0000:0000:0001/128, true", "2001:DB8::A, true", "2001:db8::/129, false",
      "2001:db8:::1, false", "2001:db8::1::2, false", "1:2:3:4:5:6:7:8:9, false", "fe80::1%eth0, false",
      "12345::1, false", "::ffff:192.0.2.1, false"})
  void allowedIpsAreAddressesOrPrefixes(String ip, boolean ok) {
    assertThat(matches(Bounds.IP_OR_CIDR_PATTERN, ip, Bounds.IP_OR_CIDR)).isEqualTo(ok);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"0000:03:00.0, true", "0000:00:1f.7, true", "0000:03:00.8, false", "03:00.0, false",
      "0000:03:00:0, false", "0000:0G:00.0, false"})
  void hostPciAddressesAreDomainBusSlotFunction(String address, boolean ok) {
    assertThat(matches(Bounds.HOST_PCI_ADDRESS_PATTERN, address, Bounds.HOST_PCI_ADDRESS)).isEqualTo(ok);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"00:07.0, true", "01:1f.7, true", "00:20.0, false", "00:07.8, false", "0000:00:07.0, false"})
  void guestPciAddressesAreBusSlotFunction(String address, boolean ok) {
    assertThat(matches(Bounds.GUEST_PCI_ADDRESS_PATTERN, address, Bounds.GUEST_PCI_ADDRESS)).isEqualTo(ok);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"'0b53fb7e-4c1d-4f0c-9d8a-2b7f3c1e5a90', true", "0B53FB7E-4C1D-4F0C-9D8A-2B7F3C1E5A90, false",
      "0b53fb7e4c1d4f0c9d8a2b7f3c1e5a90, false", "profile-1, false"})
  void instanceIdsAreCanonicalUuids(String uuid, boolean ok) {
    assertThat(matches(Bounds.UUID_PATTERN, uuid, Bounds.UUID)).isEqualTo(ok);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"finance, true", "'gold profile', true", "a23456789012345678901234567890123456789, true",
      "a234567890123456789012345678901234567890, false", "' lead', false", "'trail ', false", "'', false"})
  void portProfileIdsFitTheKernelsBuffer(String id, boolean ok) {
    assertThat(matches(Bounds.PORT_PROFILE_ID_PATTERN, id, Bounds.PORT_PROFILE_ID)).isEqualTo(ok);
  }
}
