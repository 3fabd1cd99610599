package io.virtnode.node.net.portprofile;

import io.virtnode.node.nativeio.netlink.Attributes;
import io.virtnode.node.nativeio.netlink.Link;
import io.virtnode.node.nativeio.netlink.Message;
import io.virtnode.node.nativeio.netlink.MessageBuilder;
import io.virtnode.node.nativeio.netlink.NetlinkSocket;
import io.virtnode.node.nativeio.netlink.Rtnl;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A netlink peer that answers like lldpad on a chosen port id: acknowledges RTM_SETLINK port requests (or
 * answers an injected errno), answers RTM_GETLINK status queries from a scripted response sequence (null: no
 * response yet; the last entry repeats), can stay silent, and can send a switch-initiated DISASSOCIATE.
 */
final class FakeLldpad implements AutoCloseable {
  /** One request as lldpad received it. */
  record Seen(PortRequest request, Optional<UUID> instance, Optional<String> ifname, Optional<String> mac,
      OptionalInt vlan, boolean portSelf) {}

  final int pid = ThreadLocalRandom.current().nextInt(0x40000000, 0x7fffffff);
  private final NetlinkSocket socket;
  private final Thread thread;
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean closed;
  private volatile int setErrno;
  private volatile boolean silent;
  private volatile List<Integer> statuses = List.of(PortResponse.VDP_SUCCESS);
  private int statusIndex;
  private volatile UUID current;

  FakeLldpad(String namespace) throws IOException {
    socket = NetlinkSocket.openIn(namespace, pid, Duration.ofMillis(100));
    thread = new Thread(this::serve, "fake-lldpad");
    thread.setDaemon(true);
    thread.start();
  }

  /** Answer RTM_SETLINK with this errno (0: acknowledge). */
  void refuseSetWith(int errno) { setErrno = errno; }

  /** Do not answer status queries. */
  void silent(boolean value) { silent = value; }

  /** Responses for successive status queries; null = none yet; the last one repeats. */
  synchronized void statuses(Integer... codes) {
    statuses = java.util.Arrays.asList(codes);
    statusIndex = 0;
  }

  /** Requests seen so far. */
  List<Seen> seen() { return List.copyOf(seen); }

  /** Sends a switch-initiated DISASSOCIATE of instance to the netlink port peer (as lldpad does towards libvirt). */
  void disassociateFromSwitch(int peer, UUID instance, String ifname) throws IOException {
    MessageBuilder m = MessageBuilder.of(Rtnl.RTM_SETLINK, Rtnl.NLM_F_REQUEST).ifinfomsg(0, 0, 0, 0, 0)
        .string(Rtnl.IFLA_IFNAME, ifname).begin(Rtnl.IFLA_VF_PORTS).begin(Rtnl.IFLA_VF_PORT)
        .attr(Rtnl.IFLA_PORT_INSTANCE_UUID, PortProfileMessages.uuid(instance))
        .u8(Rtnl.IFLA_PORT_REQUEST, PortRequest.DISASSOCIATE.value()).end().end();
    socket.send(peer, m);
  }

  private void serve() {
    while (!closed) {
      try {
        Optional<NetlinkSocket.Received> r = socket.receive();
        if (r.isEmpty()) {
          continue;
        }
        for (Message m : r.get().messages()) {
          if (m.type() == Rtnl.RTM_SETLINK) {
            onSet(r.get().senderPid(), m);
          } else if (m.type() == Rtnl.RTM_GETLINK && !silent) {
            onStatus(r.get().senderPid(), m);
          }
        }
      } catch (IOException e) {
        if (!closed) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
  }

  private void onSet(int sender, Message m) throws IOException {
    Attributes a = m.attributes(Rtnl.IFINFOMSG_SIZE);
    boolean portSelf = a.has(Rtnl.IFLA_PORT_SELF);
    Attributes vfInfo = a.nested(Rtnl.IFLA_VFINFO_LIST).nested(Rtnl.IFLA_VF_INFO);
    Optional<String> mac = vfInfo.bytes(Rtnl.IFLA_VF_MAC).map(b -> Link.formatMac(java.util.Arrays.copyOfRange(b, 4, 10)));
    OptionalInt vlan = vfInfo.bytes(Rtnl.IFLA_VF_VLAN)
        .map(b -> OptionalInt.of(java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.nativeOrder()).getInt(4)))
        .orElse(OptionalInt.empty());
    for (PortProfileMessages.Port p : PortProfileMessages.ports(m)) {
      PortRequest req = PortRequest.of(p.request().orElse(-1));
      seen.add(new Seen(req, p.instance(), a.string(Rtnl.IFLA_IFNAME), mac, vlan, portSelf));
      if (setErrno == 0 && req != PortRequest.DISASSOCIATE) {
        current = p.instance().orElse(null);
        synchronized (this) {
          statusIndex = 0;
        }
      }
    }
    byte[] ack = new byte[16 + 4 + 16];
    Attributes.wrap(ack).putInt(0, ack.length).putShort(4, (short) Rtnl.NLMSG_ERROR).putInt(8, m.seq())
        .putInt(12, sender).putInt(16, -setErrno);
    socket.sendRaw(sender, ack);
  }

  private void onStatus(int sender, Message m) throws IOException {
    Integer code;
    synchronized (this) {
      code = statuses.get(Math.min(statusIndex, statuses.size() - 1));
      statusIndex++;
    }
    MessageBuilder reply = MessageBuilder.of(Rtnl.RTM_NEWLINK, 0).ifinfomsg(0, 0, 0, 0, 0).begin(Rtnl.IFLA_VF_PORTS)
        .begin(Rtnl.IFLA_VF_PORT);
    if (current != null) {
      reply.attr(Rtnl.IFLA_PORT_INSTANCE_UUID, PortProfileMessages.uuid(current));
    }
    if (code != null) {
      reply.u16(Rtnl.IFLA_PORT_RESPONSE, code);
    }
    reply.end().end();
    socket.sendRaw(sender, reply.build(m.seq(), pid));
  }

  @Override
  public void close() throws IOException {
    closed = true;
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    socket.close();
  }
}
