package io.virtnode.node.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.virtnode.node.console.ConsoleDrains;
import io.virtnode.node.domain.CharBackendSpec;
import io.virtnode.node.domain.CharDeviceSpec;
import io.virtnode.node.domain.ChannelSpec;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.RuntimePaths;
import io.virtnode.node.state.Claim;
import io.virtnode.node.state.RuntimeStore;
import io.virtnode.node.state.VmRecord;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console-drain step: one claim per File device, drains served before QEMU, stopped on release. */
class ConsoleDrainStepTest {
  private static final VmIdentity ID = new VmIdentity("uid-c", "default", "vm");
  @TempDir Path dir;

  private StartContext context(RuntimeStore store, DomainSpec spec) throws Exception {
    VmRecord rec = VmRecord.fresh(ID.uid(), ID.namespace(), ID.name());
    store.save(rec);
    Files.createDirectories(dir.resolve("run"));
    return new StartContext(store, new StartRequest(ID, spec, List.of(), StartMode.Run),
        new RuntimePaths(dir.resolve("run")), rec);
  }

  private DomainSpec spec(List<CharDeviceSpec> serials, List<ChannelSpec> channels) {
    return new DomainSpec("vm", "uid-c", 1, 64, "pc", List.of(), List.of(), serials, List.of(), List.of(),
        channels, null, false);
  }

  private ConsoleDrains drains() throws Exception {
    int uid = (Integer) Files.getAttribute(dir, "unix:uid");
    int gid = (Integer) Files.getAttribute(dir, "unix:gid");
    return new ConsoleDrains(4096, 2, uid, gid);
  }

  private static CharBackendSpec file(Path p) { return new CharBackendSpec(CharBackendSpec.Kind.FILE, p, false); }

  private static void print(Path socket, String text) throws Exception {
    try (SocketChannel qemu = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      qemu.connect(UnixDomainSocketAddress.of(socket));
      qemu.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }
  }

  @Test void claimsOneDrainPerFileDeviceAndNoneForOtherBackends() throws Exception {
    RuntimeStore store = new RuntimeStore(dir.resolve("state"));
    DomainSpec spec = spec(List.of(new CharDeviceSpec("ttyS0", file(dir.resolve("s.log"))),
        new CharDeviceSpec("ttyS1", new CharBackendSpec(CharBackendSpec.Kind.PTY, null, false))),
        List.of(new ChannelSpec("org.example.log", null, file(dir.resolve("ch.log")))));
    try (ConsoleDrains drains = drains()) {
      List<Claim> claims = new ConsoleDrainStep(drains).claims(context(store, spec));
      Path run = dir.resolve("run");
      assertThat(claims).containsExactly(
          Claim.run("console-drain", run.resolve("console-chr-serial-ttyS0.sock") + "\n" + dir.resolve("s.log")),
          Claim.run("console-drain", run.resolve("console-chr-channel-org.example.log.sock") + "\n"
              + dir.resolve("ch.log")));
      assertThat(new ConsoleDrainStep(drains).claims(context(store, spec(List.of(), List.of())))).isEmpty();
    }
  }

  @Test void takeServesTheSocketIntoTheLogAndReleaseStopsItAndRemovesTheSocket() throws Exception {
    RuntimeStore store = new RuntimeStore(dir.resolve("state"));
    Path log = dir.resolve("s.log");
    StartContext ctx = context(store, spec(List.of(new CharDeviceSpec("ttyS0", file(log))), List.of()));
    try (ConsoleDrains drains = drains()) {
      ConsoleDrainStep step = new ConsoleDrainStep(drains);
      List<Claim> claims = step.claims(ctx);
      Path socket = ctx.paths().consoleSocket("chr-serial-ttyS0");
      Files.createFile(socket); // a stale socket name of an earlier run is replaced, the bind does not fail
      step.take(ctx, claims);

      assertThat(drains.draining(ID.uid())).isTrue();
      print(socket, "hello from the guest\n");
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).equals("hello from the guest\n"));

      step.release(ID, claims.get(0));
      assertThat(drains.draining(ID.uid())).isFalse();
      assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).isFalse();
      assertThat(Files.readString(log)).as("the log outlives the drain").isEqualTo("hello from the guest\n");
      step.release(ID, claims.get(0)); // idempotent
    }
  }

  @Test void aLogThatCannotBeOpenedFailsTheStartWithAReasonAndLeavesNoDrain() throws Exception {
    RuntimeStore store = new RuntimeStore(dir.resolve("state"));
    Path notADir = Files.writeString(dir.resolve("plain"), "x");
    StartContext ctx = context(store, spec(List.of(new CharDeviceSpec("ttyS0", file(dir.resolve("ok.log"))),
        new CharDeviceSpec("ttyS1", file(notADir.resolve("s.log")))), List.of()));
    try (ConsoleDrains drains = drains()) {
      ConsoleDrainStep step = new ConsoleDrainStep(drains);
      assertThatThrownBy(() -> step.take(ctx, step.claims(ctx))).isInstanceOf(VmRuntimeException.class)
          .hasFieldOrPropertyWithValue("reason", "ConsoleDrainFailed");
      assertThat(drains.draining(ID.uid())).isFalse();
      assertThat(Files.exists(ctx.paths().consoleSocket("chr-serial-ttyS0"), LinkOption.NOFOLLOW_LINKS))
          .as("the first drain, already bound, is undone").isFalse();
    }
  }

  @Test void aRestartedAgentDrainsAgainFromTheRecordedClaimsAlone() throws Exception {
    RuntimeStore store = new RuntimeStore(dir.resolve("state"));
    Path log = dir.resolve("s.log");
    StartContext ctx = context(store, spec(List.of(new CharDeviceSpec("ttyS0", file(log))), List.of()));
    Path socket = ctx.paths().consoleSocket("chr-serial-ttyS0");
    try (ConsoleDrains before = drains()) {
      ConsoleDrainStep step = new ConsoleDrainStep(before);
      List<Claim> claims = step.claims(ctx);
      for (Claim c : claims) ctx.update(r -> r.withClaim(c));
      step.take(ctx, claims);
      print(socket, "before\n");
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).equals("before\n"));
    }
    Files.createFile(socket); // what a killed agent leaves behind

    try (ConsoleDrains after = drains()) {
      ConsoleDrainStep.resume(after, ID, store.load(ID.uid()).orElseThrow());
      assertThat(after.draining(ID.uid())).isTrue();
      print(socket, "after\n");
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).equals("before\nafter\n"));
    }
  }

  @Test void aLongRuntimeDirGetsAHashedSocketNameThatStillBinds() {
    RuntimePaths deep = new RuntimePaths(Path.of("/run/" + "d".repeat(30) + "/6f1c2a3e-0b1d-4c5e-9f00-112233445588"));
    Path socket = deep.consoleSocket("chr-channel-org.example.a-rather-long-channel-name");
    assertThat(socket.toString().length()).isLessThanOrEqualTo(107);
    assertThat(socket.getFileName().toString()).matches("c[0-9a-f]{12}\\.sock");
    assertThat(deep.consoleSocket("chr-channel-org.example.a-rather-long-channel-name")).isEqualTo(socket);
  }
}
