package io.virtnode.node.net;

import io.virtnode.node.net.MacvtapRefusedException.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An in-memory {@link MacvtapLinks} for tests of its callers; applies the same checks as the real one. */
public final class FakeMacvtapLinks implements MacvtapLinks {
  private final List<LinkView> links = new ArrayList<>();
  private int nextIndex = 2;
  private IOException nextCreateFailure;

  /** Adds a host link (e.g. a NIC) with a MAC. */
  public synchronized FakeMacvtapLinks addLink(String name, MacAddress mac) {
    links.add(new LinkView(name, nextIndex++, Optional.of(mac), Optional.empty(), Optional.empty(),
        Optional.empty(), "up"));
    return this;
  }

  /** Makes the next create fail with e after the checks pass, as a kernel refusal would. */
  public synchronized void failNextCreate(IOException e) { nextCreateFailure = e; }

  /** The MAC a link has now. */
  public synchronized Optional<MacAddress> macOf(String name) {
    return links.stream().filter(l -> l.name().equals(name)).findFirst().flatMap(LinkView::mac);
  }

  /** Every interface name, host links included. */
  public synchronized List<String> names() { return links.stream().map(LinkView::name).toList(); }

  @Override
  public synchronized MacvtapLink create(MacvtapSpec spec) throws IOException {
    LinkView lower = MacvtapPreflight.check(spec, List.copyOf(links));
    if (nextCreateFailure != null) {
      IOException e = nextCreateFailure;
      nextCreateFailure = null;
      throw e;
    }
    Optional<MacAddress> saved = Optional.empty();
    if (spec.mode() == MacvtapMode.PASSTHROUGH && lower.mac().isPresent() && !lower.mac().get().equals(spec.mac())) {
      saved = lower.mac();
      replace(lower, Optional.of(spec.mac()));
    }
    LinkView tap = new LinkView(spec.name(), nextIndex++, Optional.of(spec.mac()), Optional.of("macvtap"),
        Optional.of(lower.index()), Optional.of(spec.mode()), "up");
    links.add(tap);
    MacvtapLink created = toMacvtap(tap);
    return saved.map(created::withSavedLowerMac).orElse(created);
  }

  @Override
  public synchronized Optional<MacvtapLink> lookup(String name) {
    return links.stream().filter(l -> l.name().equals(name) && l.kind().filter("macvtap"::equals).isPresent())
        .findFirst().map(this::toMacvtap);
  }

  @Override
  public synchronized List<String> macvtapsOn(String link) {
    Optional<LinkView> lower = links.stream().filter(l -> l.name().equals(link)).findFirst();
    return lower.map(lv -> links.stream().filter(l -> l.isMacvlanFamily() && l.lowerIndex().orElse(-1) == lv.index())
        .map(LinkView::name).toList()).orElse(List.of());
  }

  @Override
  public synchronized void delete(MacvtapLink created) throws IOException {
    Optional<LinkView> found = links.stream().filter(l -> l.name().equals(created.name())).findFirst();
    if (found.isPresent()) {
      LinkView l = found.get();
      if (l.kind().filter("macvtap"::equals).isEmpty() || l.lowerIndex().orElse(-1) != created.lowerIfindex()) {
        throw new MacvtapRefusedException(Reason.NotOurs, "interface " + created.name()
            + " is not the macvtap on " + created.lowerLink() + " recorded at creation; it is left alone");
      }
      links.remove(l);
    }
    if (created.savedLowerMac().isPresent()) {
      links.stream().filter(l -> l.name().equals(created.lowerLink())).findFirst()
          .ifPresent(l -> replace(l, created.savedLowerMac()));
    }
  }

  private void replace(LinkView l, Optional<MacAddress> mac) {
    links.set(links.indexOf(l), new LinkView(l.name(), l.index(), mac, l.kind(), l.lowerIndex(), l.mode(),
        l.operState()));
  }

  private MacvtapLink toMacvtap(LinkView tap) {
    String lowerName = links.stream().filter(l -> l.index() == tap.lowerIndex().orElse(-1)).map(LinkView::name)
        .findFirst().orElse("");
    return new MacvtapLink(tap.name(), tap.index(), tap.mac().orElseThrow(), tap.operState(), lowerName,
        tap.lowerIndex().orElse(0), tap.mode().orElseThrow(), Optional.empty());
  }
}
