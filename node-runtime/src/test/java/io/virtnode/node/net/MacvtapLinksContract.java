package io.virtnode.node.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.net.MacvtapRefusedException.Reason;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What every {@link MacvtapLinks} does; run against the netlink implementation and the fake. */
abstract class MacvtapLinksContract {
  static final MacAddress LINK_MAC = MacAddress.parse("02:00:00:00:aa:01");

  /** The implementation under test, with link "veth0" (MAC LINK_MAC) and no macvtap on it. */
  abstract MacvtapLinks links();

  private MacvtapSpec spec(String name, MacvtapMode mode, String mac) {
    return new MacvtapSpec(name, "veth0", mode, MacAddress.parse(mac));
  }

  @Test
  void createdMacvtapIsFoundWithItsLinkModeAndMac() throws IOException {
    MacvtapLink tap = links().create(spec("vnc0", MacvtapMode.BRIDGE, "02:00:00:00:00:10"));
    assertThat(tap.lowerLink()).isEqualTo("veth0");
    assertThat(tap.mode()).isEqualTo(MacvtapMode.BRIDGE);
    assertThat(links().lookup("vnc0")).get().satisfies(found -> {
      assertThat(found.ifindex()).isEqualTo(tap.ifindex());
      assertThat(found.mac()).isEqualTo(MacAddress.parse("02:00:00:00:00:10"));
      assertThat(found.lowerIfindex()).isEqualTo(tap.lowerIfindex());
    });
    assertThat(links().macvtapsOn("veth0")).containsExactly("vnc0");
    links().delete(tap);
    assertThat(links().lookup("vnc0")).isEmpty();
    assertThat(links().macvtapsOn("veth0")).isEmpty();
  }

  @Test
  void missingLinkIsRefused() {
    assertThatThrownBy(() -> links().create(new MacvtapSpec("vnc1", "nosuch0", MacvtapMode.VEPA,
        MacAddress.parse("02:00:00:00:00:11"))))
        .isInstanceOfSatisfying(MacvtapRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LinkMissing))
        .hasMessageContaining("link nosuch0 does not exist");
  }

  @Test
  void passthroughOnALinkWithMacvtapsIsRefusedAndTheOthersStay() throws IOException {
    MacvtapLink other = links().create(spec("vnc2", MacvtapMode.VEPA, "02:00:00:00:00:12"));
    assertThatThrownBy(() -> links().create(spec("vnc3", MacvtapMode.PASSTHROUGH, "02:00:00:00:00:13")))
        .isInstanceOfSatisfying(MacvtapRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PassthroughLinkShared))
        .hasMessageContaining("already carries vnc2");
    assertThat(links().lookup("vnc3")).isEmpty();
    assertThat(links().lookup("vnc2")).get().extracting(MacvtapLink::ifindex).isEqualTo(other.ifindex());
  }

  @Test
  void macAlreadyOnTheLinkIsRefused() throws IOException {
    links().create(spec("vnc4", MacvtapMode.BRIDGE, "02:00:00:00:00:14"));
    assertThatThrownBy(() -> links().create(spec("vnc5", MacvtapMode.BRIDGE, "02:00:00:00:00:14")))
        .isInstanceOfSatisfying(MacvtapRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MacInUse))
        .hasMessageContaining("already used on link veth0 by vnc4");
    assertThatThrownBy(() -> links().create(spec("vnc5", MacvtapMode.BRIDGE, LINK_MAC.toString())))
        .isInstanceOfSatisfying(MacvtapRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MacInUse))
        .hasMessageContaining("by link veth0 itself");
    assertThat(links().lookup("vnc5")).isEmpty();
  }

  @Test
  void anExistingInterfaceOfTheSameNameIsRefusedAndSurvives() throws IOException {
    MacvtapLink first = links().create(spec("vnc6", MacvtapMode.BRIDGE, "02:00:00:00:00:16"));
    assertThatThrownBy(() -> links().create(spec("vnc6", MacvtapMode.BRIDGE, "02:00:00:00:00:17")))
        .isInstanceOfSatisfying(MacvtapRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NameTaken));
    assertThat(links().lookup("vnc6")).get().satisfies(found -> {
      assertThat(found.ifindex()).isEqualTo(first.ifindex());
      assertThat(found.mac()).isEqualTo(first.mac());
    });
  }

  @Test
  void passthroughTakesTheLinkMacAndGivesItBackOnDelete() throws IOException {
    MacvtapLink tap = links().create(spec("vnc7", MacvtapMode.PASSTHROUGH, "02:00:00:00:00:18"));
    assertThat(tap.savedLowerMac()).contains(LINK_MAC);
    assertThat(currentMac("veth0")).isEqualTo(MacAddress.parse("02:00:00:00:00:18"));
    links().delete(tap);
    assertThat(currentMac("veth0")).isEqualTo(LINK_MAC);
  }

  @Test
  void deleteRefusesAnInterfaceThatIsNotTheRecordedMacvtap() throws IOException {
    MacvtapLink tap = links().create(spec("vnc8", MacvtapMode.BRIDGE, "02:00:00:00:00:19"));
    MacvtapLink wrongLower = new MacvtapLink(tap.name(), tap.ifindex(), tap.mac(), tap.operState(), "veth9",
        tap.lowerIfindex() + 100, tap.mode(), tap.savedLowerMac());
    assertThatThrownBy(() -> links().delete(wrongLower))
        .isInstanceOfSatisfying(MacvtapRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NotOurs));
    assertThat(links().lookup("vnc8")).isPresent();
    links().delete(tap);
    links().delete(tap); // already gone: not an error
  }

  /** The MAC the named link has now. */
  abstract MacAddress currentMac(String link) throws IOException;
}
