package io.virtnode.node.net.portprofile;

import io.virtnode.node.nativeio.netlink.Message;
import io.virtnode.node.nativeio.netlink.NetlinkSocket;
import io.virtnode.node.nativeio.netlink.Rtnl;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads what lldpad sends on its own: a switch-initiated DISASSOCIATE of a VSI, to be re-associated. */
public final class PortNotifications {
  private PortNotifications() {}

  /** Drains the socket (queued and pending datagrams) and returns the instances lldpad says were disassociated. */
  public static List<UUID> switchDisassociations(NetlinkSocket socket, int lldpadPid) throws IOException {
    List<NetlinkSocket.Received> all = new ArrayList<>(socket.takeUnsolicited());
    for (Optional<NetlinkSocket.Received> r = socket.poll(); r.isPresent(); r = socket.poll()) {
      all.add(r.get());
    }
    List<UUID> out = new ArrayList<>();
    for (NetlinkSocket.Received r : all) {
      if (r.senderPid() != lldpadPid) {
        continue;
      }
      for (Message m : r.messages()) {
        if (m.type() != Rtnl.RTM_SETLINK) {
          continue;
        }
        for (PortProfileMessages.Port p : PortProfileMessages.ports(m)) {
          if (p.request().equals(java.util.OptionalInt.of(PortRequest.DISASSOCIATE.value())) && p.instance().isPresent()) {
            out.add(p.instance().get());
          }
        }
      }
    }
    return out;
  }
}
