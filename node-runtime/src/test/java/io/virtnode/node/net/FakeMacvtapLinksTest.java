package io.virtnode.node.net;

import org.junit.jupiter.api.BeforeEach;

/** The fake keeps the same contract as the real macvtap links. */
class FakeMacvtapLinksTest extends MacvtapLinksContract {
  private FakeMacvtapLinks fake;

  @BeforeEach
  void setUp() { fake = new FakeMacvtapLinks().addLink("lo", MacAddress.parse("00:00:00:00:00:00")).addLink("veth0", LINK_MAC); }

  @Override
  MacvtapLinks links() { return fake; }

  @Override
  MacAddress currentMac(String link) { return fake.macOf(link).orElseThrow(); }
}
