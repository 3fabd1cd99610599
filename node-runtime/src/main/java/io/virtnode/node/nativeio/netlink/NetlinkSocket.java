package io.virtnode.node.nativeio.netlink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An rtnetlink socket (AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) with a receive timeout on every request:
 * requests are acknowledged or fail with the errno the peer answered, dumps read until NLMSG_DONE, replies
 * with another sequence number or from another peer are discarded. The socket stays in the network
 * namespace it was created in.
 */
public final class NetlinkSocket implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NetlinkSocket.class);
  private static final int MSG_TRUNC = 0x20;
  private static final int MSG_DONTWAIT = 0x40;
  private static final AtomicInteger SEQUENCE = new AtomicInteger((int) (System.nanoTime() & 0xffff));

  /** One received datagram's messages and the port id of its sender (0 = the kernel). */
  public record Received(int senderPid, List<Message> messages) {}

  private final NetlinkNative.LibC libc;
  private final int fd;
  private final int portId;
  private final Duration timeout;
  private final java.util.ArrayDeque<Received> unsolicited = new java.util.ArrayDeque<>();
  private boolean closed;

  private NetlinkSocket(NetlinkNative.LibC libc, int fd, int portId, Duration timeout) {
    this.libc = libc;
    this.fd = fd;
    this.portId = portId;
    this.timeout = timeout;
  }

  /** A NETLINK_ROUTE socket in this thread's network namespace, port id chosen by the kernel. */
  public static NetlinkSocket open(Duration timeout) throws IOException { return open(0, timeout); }

  /** A NETLINK_ROUTE socket bound to port id pid (0: the kernel picks one), in this thread's namespace. */
  public static NetlinkSocket open(int pid, Duration timeout) throws IOException {
    NetlinkNative.LibC libc = NetlinkNative.libc();
    int fd = libc.socket(NetlinkNative.AF_NETLINK, NetlinkNative.SOCK_RAW | NetlinkNative.SOCK_CLOEXEC,
        NetlinkNative.NETLINK_ROUTE);
    if (fd < 0) {
      throw NetlinkNative.failure("socket", "AF_NETLINK NETLINK_ROUTE");
    }
    try {
      byte[] addr = sockaddr(pid);
      if (libc.bind(fd, addr, addr.length) < 0) {
        throw NetlinkNative.failure("bind", "netlink port " + pid);
      }
      long micros = Math.max(1000, timeout.toNanos() / 1000);
      byte[] tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
          .putLong(micros / 1_000_000).putLong(micros % 1_000_000).array();
      if (libc.setsockopt(fd, NetlinkNative.SOL_SOCKET, NetlinkNative.SO_RCVTIMEO, tv, tv.length) < 0) {
        throw NetlinkNative.failure("setsockopt", "SO_RCVTIMEO");
      }
      byte[] bound = new byte[12];
      int[] len = {bound.length};
      if (libc.getsockname(fd, bound, len) < 0) {
        throw NetlinkNative.failure("getsockname", "netlink");
      }
      return new NetlinkSocket(libc, fd, Attributes.wrap(bound).getInt(4), timeout);
    } catch (IOException e) {
      libc.close(fd);
      throw e;
    }
  }

  /** Opens the socket inside the named network namespace (/run/netns/NAME); null = this one. */
  public static NetlinkSocket openIn(String namespace, Duration timeout) throws IOException {
    return NetworkNamespace.call(namespace, () -> open(0, timeout));
  }

  /** Same, bound to a chosen port id (a test peer that plays a daemon). */
  public static NetlinkSocket openIn(String namespace, int pid, Duration timeout) throws IOException {
    return NetworkNamespace.call(namespace, () -> open(pid, timeout));
  }

  /** This socket's netlink port id. */
  public int portId() { return portId; }

  /** The receive timeout applied to every wait for an answer. */
  public Duration timeout() { return timeout; }

  /** Sends a request to the kernel and waits for its ACK; returns the replies before it. */
  public List<Message> request(MessageBuilder message, String description) throws IOException {
    return requestTo(0, message, description);
  }

  /** Sends a request to port id peer (0 = the kernel) with NLM_F_ACK; returns the replies before the ACK. */
  public synchronized List<Message> requestTo(int peer, MessageBuilder message, String description)
      throws IOException {
    int seq = send(peer, message.addFlags(Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK));
    List<Message> replies = new ArrayList<>();
    while (true) {
      for (Message m : receiveFor(peer, seq, description)) {
        if (m.type() == Rtnl.NLMSG_ERROR) {
          int error = Attributes.wrap(m.payload()).getInt(0);
          if (error != 0) {
            throw new NetlinkException(description, -error);
          }
          return replies;
        }
        replies.add(m);
      }
    }
  }

  /**
   * Sends a query to port id peer without NLM_F_ACK and returns its first answer with the same sequence
   * number (an RTM_GETLINK answered by RTM_NEWLINK); an NLMSG_ERROR answer throws with its errno.
   */
  public synchronized Message queryTo(int peer, MessageBuilder message, String description) throws IOException {
    int seq = send(peer, message.addFlags(Rtnl.NLM_F_REQUEST));
    Message m = receiveFor(peer, seq, description).get(0);
    if (m.type() == Rtnl.NLMSG_ERROR) {
      int error = Attributes.wrap(m.payload()).getInt(0);
      throw new NetlinkException(description, error == 0 ? NetlinkException.EINVAL : -error);
    }
    return m;
  }

  /** Requests a peer sent on its own (NLM_F_REQUEST, not an answer) while this socket waited for answers. */
  public synchronized java.util.List<Received> takeUnsolicited() {
    java.util.List<Received> out = new java.util.ArrayList<>(unsolicited);
    unsolicited.clear();
    return out;
  }

  /** Sends a dump request (NLM_F_DUMP) to the kernel; returns every message until NLMSG_DONE. */
  public synchronized List<Message> dump(MessageBuilder message, String description) throws IOException {
    int seq = send(0, message.addFlags(Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP));
    List<Message> replies = new ArrayList<>();
    while (true) {
      for (Message m : receiveFor(0, seq, description)) {
        if (m.type() == Rtnl.NLMSG_DONE || m.type() == Rtnl.NLMSG_ERROR) {
          int error = m.payload().length >= 4 ? Attributes.wrap(m.payload()).getInt(0) : 0;
          if (error < 0) {
            throw new NetlinkException(description, -error);
          }
          return replies;
        }
        replies.add(m);
      }
    }
  }

  /** Sends one message to port id peer with a fresh sequence number; returns that number. */
  public int send(int peer, MessageBuilder message) throws IOException {
    int seq = SEQUENCE.incrementAndGet();
    sendRaw(peer, message.build(seq, portId));
    return seq;
  }

  /** Sends prebuilt bytes (whole messages) to port id peer. */
  public void sendRaw(int peer, byte[] bytes) throws IOException {
    byte[] addr = sockaddr(peer);
    while (libc.sendto(fd, bytes, bytes.length, 0, addr, addr.length) < 0) {
      if (NetlinkNative.errno() != NetlinkNative.EINTR) {
        throw NetlinkNative.failure("sendto", "netlink port " + peer);
      }
    }
  }

  /** Waits up to the timeout for one datagram; empty when none came. */
  public Optional<Received> receive() throws IOException { return receive(0); }

  /** Takes one datagram already queued, without waiting; empty when none is. */
  public Optional<Received> poll() throws IOException { return receive(MSG_DONTWAIT); }

  private Optional<Received> receive(int flags) throws IOException {
    byte[] buf = new byte[64 * 1024];
    byte[] addr = new byte[12];
    while (true) {
      int[] addrLen = {addr.length};
      long n = libc.recvfrom(fd, buf, buf.length, flags | MSG_TRUNC, addr, addrLen);
      if (n >= 0) {
        if (n > buf.length) {
          throw new IOException("netlink datagram of " + n + " bytes exceeds the " + buf.length + "-byte buffer");
        }
        return Optional.of(new Received(Attributes.wrap(addr).getInt(4), Message.split(buf, (int) n)));
      }
      int errno = NetlinkNative.errno();
      if (errno == NetlinkNative.EAGAIN) {
        return Optional.empty();
      }
      if (errno != NetlinkNative.EINTR) {
        throw new IOException("recvfrom(netlink) failed: " + NetlinkNative.errnoName(errno) + " ("
            + NetlinkNative.describe(errno) + ")");
      }
    }
  }

  private List<Message> receiveFor(int peer, int seq, String description) throws IOException {
    while (true) {
      Received r = receive().orElseThrow(() -> new NetlinkTimeoutException(description, timeout));
      if (r.senderPid() != peer) {
        List<Message> requests = r.messages().stream().filter(m -> (m.flags() & Rtnl.NLM_F_REQUEST) != 0).toList();
        if (r.senderPid() != 0 && !requests.isEmpty()) {
          unsolicited.add(new Received(r.senderPid(), requests));
          continue;
        }
        LOG.debug("{}: discarded a datagram from netlink port {} (asked {})", description, r.senderPid(), peer);
        continue;
      }
      List<Message> mine = r.messages().stream().filter(m -> m.seq() == seq).toList();
      List<Message> requests = r.messages().stream()
          .filter(m -> m.seq() != seq && (m.flags() & Rtnl.NLM_F_REQUEST) != 0).toList();
      if (peer != 0 && !requests.isEmpty()) {
        unsolicited.add(new Received(r.senderPid(), requests));
      }
      if (mine.size() + requests.size() < r.messages().size()) {
        LOG.debug("{}: discarded {} message(s) with another sequence number", description,
            r.messages().size() - mine.size());
      }
      if (!mine.isEmpty()) {
        return mine;
      }
    }
  }

  static byte[] sockaddr(int pid) {
    return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) NetlinkNative.AF_NETLINK)
        .putShort((short) 0).putInt(pid).putInt(0).array();
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      libc.close(fd);
    }
  }
}
