package io.virtnode.node.net;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The host's macvtap interfaces: create (checked first), look up, list on a link, tear down. */
public interface MacvtapLinks {
  /**
   * Creates and brings up a macvtap, after checking the lower link exists, the name and MAC are free and
   * passthrough is alone on its link; a refusal ({@link MacvtapRefusedException}) changes nothing. In
   * passthrough mode the lower link's MAC is saved in the result and replaced by the macvtap's.
   */
  MacvtapLink create(MacvtapSpec spec) throws IOException;

  /** The macvtap named name, empty when no such interface exists (or it is not a macvtap). */
  Optional<MacvtapLink> lookup(String name) throws IOException;

  /** The names of the macvtap/macvlan interfaces whose lower link is link. */
  List<String> macvtapsOn(String link) throws IOException;

  /**
   * Deletes the macvtap recorded at creation, after checking the interface of that name is still a macvtap
   * on the same lower link (else {@link MacvtapRefusedException} NotOurs); a passthrough's saved lower MAC is
   * restored. An interface already gone is not an error.
   */
  void delete(MacvtapLink created) throws IOException;
}
