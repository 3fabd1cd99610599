package io.virtnode.node.net;

import io.virtnode.node.net.MacvtapRefusedException.Reason;
import java.util.List;

/** The checks before a macvtap is created, on a snapshot of the host's links; pure. */
final class MacvtapPreflight {
  private MacvtapPreflight() {}

  /** Returns the lower link, or throws the refusal that applies first. */
  static LinkView check(MacvtapSpec spec, List<LinkView> links) throws MacvtapRefusedException {
    LinkView lower = links.stream().filter(l -> l.name().equals(spec.link())).findFirst()
        .orElseThrow(() -> new MacvtapRefusedException(Reason.LinkMissing, "link " + spec.link()
            + " does not exist on this node; name an existing network device for macvtap " + spec.name()));
    if (links.stream().anyMatch(l -> l.name().equals(spec.name()))) {
      throw new MacvtapRefusedException(Reason.NameTaken, "an interface named " + spec.name()
          + " already exists on this node; it is left alone");
    }
    List<LinkView> siblings = links.stream()
        .filter(l -> l.isMacvlanFamily() && l.lowerIndex().filter(i -> i == lower.index()).isPresent()).toList();
    if (spec.mode() == MacvtapMode.PASSTHROUGH && !siblings.isEmpty()) {
      throw new MacvtapRefusedException(Reason.PassthroughLinkShared, "passthrough needs link " + spec.link()
          + " alone, but it already carries " + names(siblings) + "; use mode Vepa, Bridge or Private, or another link");
    }
    List<LinkView> passthrough = siblings.stream().filter(l -> l.mode().orElse(null) == MacvtapMode.PASSTHROUGH)
        .toList();
    if (!passthrough.isEmpty()) {
      throw new MacvtapRefusedException(Reason.PassthroughLinkShared, "link " + spec.link()
          + " is given in passthrough to " + names(passthrough) + "; choose another link");
    }
    boolean lowerHasMac = lower.mac().filter(spec.mac()::equals).isPresent();
    List<LinkView> sameMac = siblings.stream().filter(l -> l.mac().filter(spec.mac()::equals).isPresent()).toList();
    if ((lowerHasMac && spec.mode() != MacvtapMode.PASSTHROUGH) || !sameMac.isEmpty()) {
      String holder = sameMac.isEmpty() ? "link " + spec.link() + " itself" : names(sameMac);
      throw new MacvtapRefusedException(Reason.MacInUse, "MAC " + spec.mac() + " is already used on link "
          + spec.link() + " by " + holder + "; give the interface another macAddress");
    }
    return lower;
  }

  private static String names(List<LinkView> links) {
    return String.join(", ", links.stream().map(LinkView::name).toList());
  }
}
