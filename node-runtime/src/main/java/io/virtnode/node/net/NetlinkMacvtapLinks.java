package io.virtnode.node.net;

import io.virtnode.node.nativeio.netlink.Link;
import io.virtnode.node.nativeio.netlink.NetlinkException;
import io.virtnode.node.nativeio.netlink.RouteLinks;
import io.virtnode.node.net.MacvtapRefusedException.Reason;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link MacvtapLinks} over rtnetlink, in the namespace of the given socket. */
public final class NetlinkMacvtapLinks implements MacvtapLinks {
  private static final Logger LOG = LoggerFactory.getLogger(NetlinkMacvtapLinks.class);
  private final RouteLinks links;

  public NetlinkMacvtapLinks(RouteLinks links) { this.links = links; }

  @Override
  public synchronized MacvtapLink create(MacvtapSpec spec) throws IOException {
    List<LinkView> snapshot = links.all().stream().map(LinkView::of).toList();
    LinkView lower = MacvtapPreflight.check(spec, snapshot);
    Optional<MacAddress> saved = Optional.empty();
    if (spec.mode() == MacvtapMode.PASSTHROUGH && lower.mac().isPresent() && !lower.mac().get().equals(spec.mac())) {
      saved = lower.mac();
      links.setMac(lower.name(), spec.mac().bytes());
    }
    Link lowerLink = links.byIndex(lower.index()).orElseThrow(() -> new MacvtapRefusedException(Reason.LinkMissing,
        "link " + spec.link() + " disappeared while macvtap " + spec.name() + " was being created"));
    try {
      links.createMacvtap(spec.name(), lowerLink, spec.mode().kernelValue(), spec.mac().bytes());
      links.setUp(spec.name(), true);
    } catch (IOException e) {
      undoCreate(spec, saved, e);
      throw e;
    }
    MacvtapLink created = lookup(spec.name()).orElseThrow(() -> new IOException("macvtap " + spec.name()
        + " was created but is gone right after"));
    return saved.map(created::withSavedLowerMac).orElse(created);
  }

  private void undoCreate(MacvtapSpec spec, Optional<MacAddress> saved, IOException cause) {
    if (!(cause instanceof NetlinkException ne && ne.errno() == NetlinkException.EEXIST)) {
      try {
        Optional<Link> made = links.byName(spec.name());
        if (made.isPresent() && made.get().kind().filter("macvtap"::equals).isPresent()
            && made.get().mac().filter(spec.mac().toString()::equals).isPresent()) {
          links.delete(spec.name());
        }
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }
    if (saved.isPresent()) {
      try {
        links.setMac(spec.link(), saved.get().bytes());
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }
  }

  @Override
  public Optional<MacvtapLink> lookup(String name) throws IOException {
    Optional<Link> found = links.byName(name);
    if (found.isEmpty() || found.get().kind().filter("macvtap"::equals).isEmpty()) {
      return Optional.empty();
    }
    Link tap = found.get();
    String lowerName = tap.lowerIndex().flatMap(this::nameOf).orElse("");
    return Optional.of(new MacvtapLink(tap.name(), tap.index(), MacAddress.parse(tap.mac().orElseThrow()),
        tap.operState(), lowerName, tap.lowerIndex().orElse(0),
        tap.macvlanMode().flatMap(MacvtapMode::ofKernel).orElse(MacvtapMode.VEPA), Optional.empty()));
  }

  private Optional<String> nameOf(int index) {
    try {
      return links.byIndex(index).map(Link::name);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<String> macvtapsOn(String link) throws IOException {
    List<LinkView> all = links.all().stream().map(LinkView::of).toList();
    Optional<LinkView> lower = all.stream().filter(l -> l.name().equals(link)).findFirst();
    if (lower.isEmpty()) {
      return List.of();
    }
    return all.stream().filter(l -> l.isMacvlanFamily() && l.lowerIndex().orElse(-1) == lower.get().index())
        .map(LinkView::name).toList();
  }

  @Override
  public synchronized void delete(MacvtapLink created) throws IOException {
    Optional<Link> found = links.byName(created.name());
    if (found.isPresent()) {
      Link link = found.get();
      boolean same = link.kind().filter("macvtap"::equals).isPresent()
          && link.lowerIndex().orElse(-1) == created.lowerIfindex();
      if (!same) {
        throw new MacvtapRefusedException(Reason.NotOurs, "interface " + created.name() + " is not the macvtap on "
            + created.lowerLink() + " recorded at creation (kind " + link.kind().orElse("none")
            + "); it is left alone");
      }
      try {
        links.delete(created.name());
      } catch (NetlinkException e) {
        if (e.errno() != NetlinkException.ENODEV) {
          throw e;
        }
      }
    } else {
      LOG.debug("macvtap {} already gone", created.name());
    }
    if (created.savedLowerMac().isPresent()) {
      links.setMac(created.lowerLink(), created.savedLowerMac().get().bytes());
    }
  }
}
