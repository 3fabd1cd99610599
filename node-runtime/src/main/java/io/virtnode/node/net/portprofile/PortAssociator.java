package io.virtnode.node.net.portprofile;

import io.virtnode.node.nativeio.netlink.Message;
import io.virtnode.node.nativeio.netlink.MessageBuilder;
import io.virtnode.node.nativeio.netlink.NetlinkException;
import io.virtnode.node.nativeio.netlink.NetlinkSocket;
import io.virtnode.node.net.MacAddress;
import io.virtnode.node.net.portprofile.Association.State;
import io.virtnode.node.net.portprofile.PortProfileException.Reason;
import io.virtnode.node.net.portprofile.PortProfileMessages.QbgFraming;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends 802.1Qbg requests to lldpad and 802.1Qbh requests to the kernel, then polls the association state
 * (RTM_GETLINK, IFLA_PORT_RESPONSE) every interval: success → associated; "in progress" still after
 * acceptInProgressAfter → accepted and reported; an error response → DISASSOCIATE and AssociationRejected; no
 * final answer within limit → DISASSOCIATE and AssociationTimedOut. Waits by scheduling, never by sleeping.
 */
public final class PortAssociator {
  private static final Logger LOG = LoggerFactory.getLogger(PortAssociator.class);

  /** The polling cadence and limits. */
  public record Timing(Duration interval, Duration acceptInProgressAfter, Duration limit) {
    /** Every 1/8 s, in progress accepted after 2 s, given up after 10 s. */
    public static final Timing DEFAULT = new Timing(Duration.ofMillis(125), Duration.ofSeconds(2), Duration.ofSeconds(10));
  }

  private final NetlinkSocket socket;
  private final Clock clock;
  private final PollScheduler scheduler;
  private final Timing timing;

  public PortAssociator(NetlinkSocket socket, Clock clock, PollScheduler scheduler, Timing timing) {
    this.socket = socket;
    this.clock = clock;
    this.scheduler = scheduler;
    this.timing = timing;
  }

  /** An 802.1Qbg request for a VSI on target, addressed to lldpad's netlink port. */
  public CompletableFuture<Association> qbg(int lldpadPid, QbgFraming framing, PortTarget target, MacAddress mac,
      VsiType vsi, UUID instance, PortRequest request) {
    // lldpad 1.1 refuses a VSI without a MAC/VLAN filter (EINVAL): VLAN 0 when the path has none, as libvirt sends.
    OptionalInt vlan = OptionalInt.of(target.vlan().orElse(0));
    Function<PortRequest, MessageBuilder> build = r -> PortProfileMessages.qbg(framing, target.ifindex(), target.name(),
        mac, vlan, vsi, instance, r);
    String subject = "of VSI " + instance + " on " + target.name() + " via lldpad (netlink port " + lldpadPid + ")";
    return start(new Exchange(lldpadPid, target, build, Optional.of(instance), PortProfileMessages.PORT_SELF_VF,
        "802.1Qbg", subject, request), request);
  }

  /** An 802.1Qbh request for profile on VF vf (PORT_SELF_VF: the port itself) of physical function pf, to the kernel. */
  public CompletableFuture<Association> qbh(PortTarget pf, int vf, String profile, UUID instance, UUID host,
      PortRequest request) {
    Function<PortRequest, MessageBuilder> build = r -> PortProfileMessages.qbh(pf.ifindex(), vf, profile, instance, host, r);
    String subject = "of profile " + profile + " on " + pf.name() + (vf == PortProfileMessages.PORT_SELF_VF ? "" : " VF " + vf);
    return start(new Exchange(0, pf, build, Optional.empty(), vf, "802.1Qbh", subject, request), request);
  }

  private record Exchange(int peer, PortTarget target, Function<PortRequest, MessageBuilder> build,
      Optional<UUID> instance, int vf, String standard, String subject, PortRequest asked) {
    String what() { return describe(asked); }

    String describe(PortRequest r) { return standard + " " + r + " " + subject; }
  }

  private CompletableFuture<Association> start(Exchange x, PortRequest request) {
    CompletableFuture<Association> result = new CompletableFuture<>();
    scheduler.schedule(Duration.ZERO, () -> {
      Instant started = clock.instant();
      try {
        send(x, request);
      } catch (PortProfileException e) {
        result.completeExceptionally(e);
        return;
      }
      if (request == PortRequest.DISASSOCIATE) {
        result.complete(new Association(State.DISASSOCIATED, OptionalInt.empty(), Duration.ZERO, 0));
        return;
      }
      scheduler.schedule(timing.interval(), () -> poll(x, started, 1, result));
    });
    return result;
  }

  private void send(Exchange x, PortRequest request) throws PortProfileException {
    String description = "RTM_SETLINK " + x.describe(request);
    try {
      socket.requestTo(x.peer(), x.build().apply(request), description);
    } catch (NetlinkException e) {
      if (e.errno() == NetlinkException.EOPNOTSUPP) {
        throw new PortProfileException(Reason.PortProfileUnsupported, "device " + x.target().name()
            + " does not take " + x.standard() + " port profiles (the kernel answered EOPNOTSUPP to " + e.request()
            + "): give the interface a link on an adapter that supports them, or remove its portProfileRef", e);
      }
      throw new PortProfileException(Reason.RequestFailed, e.getMessage(), e);
    } catch (IOException e) {
      throw new PortProfileException(Reason.RequestFailed, description + ": " + e.getMessage(), e);
    }
  }

  private void poll(Exchange x, Instant started, int polls, CompletableFuture<Association> result) {
    Duration elapsed = Duration.between(started, clock.instant());
    OptionalInt response = OptionalInt.empty();
    try {
      Message answer = socket.queryTo(x.peer(), PortProfileMessages.statusQuery(x.target().ifindex(), x.target().name()),
          "RTM_GETLINK port status of " + x.target().name());
      response = PortProfileMessages.response(answer, x.instance(), x.vf());
    } catch (IOException e) {
      LOG.debug("{}: no status yet: {}", x.what(), e.getMessage());
    }
    if (response.isPresent() && PortResponse.isSuccess(response.getAsInt())) {
      result.complete(new Association(State.ASSOCIATED, response, elapsed, polls));
      return;
    }
    if (response.isPresent() && PortResponse.isInProgress(response.getAsInt())
        && elapsed.compareTo(timing.acceptInProgressAfter()) >= 0) {
      LOG.info("{}: still in progress after {} ms; accepted", x.what(), elapsed.toMillis());
      result.complete(new Association(State.IN_PROGRESS, response, elapsed, polls));
      return;
    }
    if (response.isPresent() && !PortResponse.isInProgress(response.getAsInt())) {
      fail(x, result, Reason.AssociationRejected, x.what() + " was refused: " + PortResponse.name(response.getAsInt()));
      return;
    }
    if (elapsed.compareTo(timing.limit()) >= 0) {
      fail(x, result, Reason.AssociationTimedOut, x.what() + " got no final answer within " + timing.limit().toMillis()
          + " ms (" + polls + " polls" + (response.isPresent() ? ", last " + PortResponse.name(response.getAsInt()) : "")
          + "); disassociated");
      return;
    }
    scheduler.schedule(timing.interval(), () -> poll(x, started, polls + 1, result));
  }

  private void fail(Exchange x, CompletableFuture<Association> result, Reason reason, String message) {
    PortProfileException failure = new PortProfileException(reason, message);
    try {
      send(x, PortRequest.DISASSOCIATE);
    } catch (PortProfileException e) {
      failure.addSuppressed(e);
    }
    result.completeExceptionally(failure);
  }
}
