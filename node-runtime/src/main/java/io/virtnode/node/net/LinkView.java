package io.virtnode.node.net;

import io.virtnode.node.nativeio.netlink.Link;
import java.util.Optional;

/** What the macvtap checks need to know of one host link. */
public record LinkView(String name, int index, Optional<MacAddress> mac, Optional<String> kind,
    Optional<Integer> lowerIndex, Optional<MacvtapMode> mode, String operState) {

  /** From a decoded RTM_NEWLINK. */
  public static LinkView of(Link link) {
    return new LinkView(link.name(), link.index(), link.mac().filter(m -> m.length() == 17).map(MacAddress::parse),
        link.kind(), link.lowerIndex(), link.macvlanMode().flatMap(MacvtapMode::ofKernel), link.operState());
  }

  /** True for macvtap and macvlan links (both take a MAC and a mode on a lower link). */
  public boolean isMacvlanFamily() { return kind.filter(k -> k.equals("macvtap") || k.equals("macvlan")).isPresent(); }
}
