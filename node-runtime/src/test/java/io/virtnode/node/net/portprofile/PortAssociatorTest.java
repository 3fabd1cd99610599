package io.virtnode.node.net.portprofile;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.node.nativeio.netlink.Link;
import io.virtnode.node.nativeio.netlink.NetlinkSocket;
import io.virtnode.node.nativeio.netlink.NetnsFixture;
import io.virtnode.node.nativeio.netlink.RouteLinks;
import io.virtnode.node.net.MacAddress;
import io.virtnode.node.net.portprofile.Association.State;
import io.virtnode.node.net.portprofile.PortProfileException.Reason;
import io.virtnode.node.net.portprofile.PortProfileMessages.QbgFraming;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Port-profile association over real netlink sockets in a namespace: a fake lldpad peer, and the kernel on a veth. */
@Tag("network")
class PortAssociatorTest {
  private static final UUID VSI = UUID.fromString("6f1c2a7e-1111-4000-8000-000000000001");
  private static final UUID HOST = UUID.fromString("6f1c2a7e-2222-4000-8000-000000000002");
  private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:61");
  private final NetnsFixture netns = new NetnsFixture();
  private String ns;
  private NetlinkSocket socket;
  private FakeLldpad lldpad;
  private final ManualScheduler scheduler = new ManualScheduler();
  private PortAssociator associator;
  private PortTarget veth0;

  @BeforeEach
  void setUp() throws IOException {
    ns = netns.namespace();
    netns.veth(ns, "veth0", netns.namespace(), "veth1");
    socket = NetlinkSocket.openIn(ns, Duration.ofMillis(200));
    lldpad = new FakeLldpad(ns);
    associator = new PortAssociator(socket, scheduler.clock, scheduler, PortAssociator.Timing.DEFAULT);
    Link link = new RouteLinks(socket).byName("veth0").orElseThrow();
    veth0 = new PortTarget("veth0", link.index(), OptionalInt.of(42));
  }

  @AfterEach
  void tearDown() throws IOException {
    lldpad.close();
    socket.close();
    netns.close();
  }

  private CompletableFuture<Association> associate(PortRequest request) {
    CompletableFuture<Association> f = associator.qbg(lldpad.pid, QbgFraming.VF_PORTS, veth0, MAC,
        new VsiType(0x12, 0x345678, 1), VSI, request);
    scheduler.runUntilIdle();
    return f;
  }

  @Test
  void anAcknowledgedAssociationSucceedsOnTheFirstPoll() throws Exception {
    Association a = associate(PortRequest.ASSOCIATE).get();
    assertThat(a.state()).isEqualTo(State.ASSOCIATED);
    assertThat(a.polls()).isEqualTo(1);
    assertThat(a.elapsed()).isEqualTo(Duration.ofMillis(125));
    assertThat(lldpad.seen()).singleElement().satisfies(s -> {
      assertThat(s.request()).isEqualTo(PortRequest.ASSOCIATE);
      assertThat(s.instance()).contains(VSI);
      assertThat(s.ifname()).contains("veth0");
      assertThat(s.mac()).contains("02:00:00:00:00:61");
      assertThat(s.vlan()).hasValue(42);
    });
  }

  @Test
  void aDelayedAnswerIsPolledEveryEighthOfASecond() throws Exception {
    lldpad.statuses(null, PortResponse.PROFILE_INPROGRESS, PortResponse.PROFILE_INPROGRESS, PortResponse.PROFILE_INPROGRESS,
        PortResponse.PROFILE_INPROGRESS, PortResponse.VDP_SUCCESS);
    Association a = associate(PortRequest.PREASSOCIATE).get();
    assertThat(a.state()).isEqualTo(State.ASSOCIATED);
    assertThat(a.polls()).isEqualTo(6);
    assertThat(a.elapsed()).isEqualTo(Duration.ofMillis(750));
    assertThat(lldpad.seen()).extracting(FakeLldpad.Seen::request).containsExactly(PortRequest.PREASSOCIATE);
  }

  @Test
  void stillInProgressAfterTwoSecondsIsAcceptedAndReported() throws Exception {
    lldpad.statuses(PortResponse.PROFILE_INPROGRESS);
    Association a = associate(PortRequest.ASSOCIATE).get();
    assertThat(a.state()).isEqualTo(State.IN_PROGRESS);
    assertThat(a.elapsed()).isEqualTo(Duration.ofSeconds(2));
    assertThat(a.polls()).isEqualTo(16);
    assertThat(a.response()).hasValue(PortResponse.PROFILE_INPROGRESS);
  }

  @Test
  void anErrorResponseAbortsAndDisassociates() {
    lldpad.statuses(PortResponse.PROFILE_INPROGRESS, 2);
    CompletableFuture<Association> f = associate(PortRequest.ASSOCIATE);
    assertThat(failure(f)).satisfies(e -> {
      assertThat(e.reason()).isEqualTo(Reason.AssociationRejected);
      assertThat(e).hasMessageContaining("802.1Qbg ASSOCIATE of VSI " + VSI + " on veth0")
          .hasMessageEndingWith("was refused: PORT_VDP_RESPONSE_INSUFFICIENT_RESOURCES");
    });
    assertThat(lldpad.seen()).extracting(FakeLldpad.Seen::request)
        .containsExactly(PortRequest.ASSOCIATE, PortRequest.DISASSOCIATE);
  }

  @Test
  void noFinalAnswerWithinTenSecondsDisassociatesAndFails() {
    lldpad.statuses((Integer) null);
    CompletableFuture<Association> f = associate(PortRequest.ASSOCIATE);
    assertThat(failure(f)).satisfies(e -> {
      assertThat(e.reason()).isEqualTo(Reason.AssociationTimedOut);
      assertThat(e).hasMessageContaining("got no final answer within 10000 ms (80 polls)");
    });
    assertThat(lldpad.seen()).extracting(FakeLldpad.Seen::request)
        .containsExactly(PortRequest.ASSOCIATE, PortRequest.DISASSOCIATE);
  }

  @Test
  void aSilentPeerTimesOutToo() {
    lldpad.silent(true);
    associator = new PortAssociator(socket, scheduler.clock, scheduler,
        new PortAssociator.Timing(Duration.ofMillis(125), Duration.ofSeconds(2), Duration.ofMillis(500)));
    assertThat(failure(associate(PortRequest.ASSOCIATE)).reason()).isEqualTo(Reason.AssociationTimedOut);
  }

  @Test
  void aRefusedRequestNamesItAndTheErrno() {
    lldpad.refuseSetWith(22);
    assertThat(failure(associate(PortRequest.ASSOCIATE))).satisfies(e -> {
      assertThat(e.reason()).isEqualTo(Reason.RequestFailed);
      assertThat(e).hasMessage("RTM_SETLINK 802.1Qbg ASSOCIATE of VSI " + VSI + " on veth0 via lldpad (netlink port "
          + lldpad.pid + "): Invalid argument (EINVAL)");
    });
  }

  @Test
  void disassociateIsSentWithoutPolling() throws Exception {
    Association a = associate(PortRequest.DISASSOCIATE).get();
    assertThat(a.state()).isEqualTo(State.DISASSOCIATED);
    assertThat(a.polls()).isZero();
    assertThat(lldpad.seen()).extracting(FakeLldpad.Seen::request).containsExactly(PortRequest.DISASSOCIATE);
  }

  @Test
  void withoutAVlanOnThePathVlanZeroIsSent() throws Exception {
    CompletableFuture<Association> f = associator.qbg(lldpad.pid, QbgFraming.VF_PORTS,
        new PortTarget("veth0", veth0.ifindex(), OptionalInt.empty()), MAC, new VsiType(1, 2, 3), VSI, PortRequest.ASSOCIATE);
    scheduler.runUntilIdle();
    assertThat(f.get().state()).isEqualTo(State.ASSOCIATED);
    assertThat(lldpad.seen()).singleElement().satisfies(s -> assertThat(s.vlan()).hasValue(0));
  }

  @Test
  void portSelfFramingReachesThePeerToo() throws Exception {
    associator.qbg(lldpad.pid, QbgFraming.PORT_SELF, veth0, MAC, new VsiType(1, 2, 3), VSI, PortRequest.ASSOCIATE);
    scheduler.runUntilIdle();
    assertThat(lldpad.seen()).singleElement().satisfies(s -> assertThat(s.portSelf()).isTrue());
  }

  @Test
  void aSwitchInitiatedDisassociateIsNoticed() throws Exception {
    associate(PortRequest.ASSOCIATE).get();
    lldpad.disassociateFromSwitch(socket.portId(), VSI, "veth0");
    List<UUID> gone = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(
        () -> PortNotifications.switchDisassociations(socket, lldpad.pid), l -> !l.isEmpty());
    assertThat(gone).containsExactly(VSI);
    assertThat(PortNotifications.switchDisassociations(socket, lldpad.pid + 1)).isEmpty();
  }

  @Test
  void qbhOnAVethIsRefusedByTheKernelAsUnsupported() {
    PortTarget plain = new PortTarget("veth0", veth0.ifindex(), OptionalInt.empty());
    CompletableFuture<Association> f = associator.qbh(plain, 0, "prof1", VSI, HOST, PortRequest.ASSOCIATE);
    scheduler.runUntilIdle();
    assertThat(failure(f)).satisfies(e -> {
      assertThat(e.reason()).isEqualTo(Reason.PortProfileUnsupported);
      assertThat(e).hasMessageContaining("device veth0 does not take 802.1Qbh port profiles")
          .hasMessageContaining("EOPNOTSUPP")
          .hasMessageContaining("RTM_SETLINK 802.1Qbh ASSOCIATE of profile prof1 on veth0 VF 0");
    });
    CompletableFuture<Association> self = associator.qbh(plain, PortProfileMessages.PORT_SELF_VF, "prof1", VSI, HOST,
        PortRequest.ASSOCIATE);
    scheduler.runUntilIdle();
    assertThat(failure(self).reason()).isEqualTo(Reason.PortProfileUnsupported);
  }

  @Test
  void theRootUnderAMacvtapIsItsVethWithoutVlan() throws IOException {
    netns.in(ns, "ip", "link", "add", "link", "veth0", "name", "vnpp0", "type", "macvtap");
    RouteLinks links = new RouteLinks(socket);
    PortTarget root = LowerLinks.root(links.byName("vnpp0").orElseThrow(), links::byIndex);
    assertThat(root).isEqualTo(new PortTarget("veth0", veth0.ifindex(), OptionalInt.empty()));
    assertThat(Optional.of(root.name())).contains("veth0");
  }

  private static PortProfileException failure(CompletableFuture<Association> f) {
    assertThat(f).isCompletedExceptionally();
    try {
      f.get();
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(PortProfileException.class);
      return (PortProfileException) e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
