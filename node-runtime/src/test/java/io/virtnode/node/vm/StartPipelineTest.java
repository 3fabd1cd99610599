package io.virtnode.node.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.RuntimePaths;
import io.virtnode.node.state.Claim;
import io.virtnode.node.state.RuntimeStore;
import io.virtnode.node.state.VmRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartPipelineTest {
  private static final VmIdentity ID = new VmIdentity("uid-1", "default", "vm");
  private static final List<String> KINDS = List.of("cgroup", "pci", "macvtap", "labels", "qemu");
  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();

  /** A step that logs take and release, checks its claim was recorded first, and fails when told to. */
  private final class FakeStep implements HostStep {
    private final String kind;
    private final RuntimeStore store;
    private final boolean failTake;
    private final boolean failRelease;

    FakeStep(String kind, RuntimeStore store, boolean failTake, boolean failRelease) {
      this.kind = kind;
      this.store = store;
      this.failTake = failTake;
      this.failRelease = failRelease;
    }

    @Override public String kind() { return kind; }

    @Override public List<Claim> claims(StartContext ctx) { return List.of(Claim.run(kind, "k-" + kind)); }

    @Override public void take(StartContext ctx, List<Claim> claims) throws Exception {
      assertThat(store.load(ID.uid()).orElseThrow().claims()).as("claimed on disk before taking")
          .contains(claims.get(0));
      log.add("take " + kind);
      if (failTake) throw new IllegalStateException(kind + " failed");
    }

    @Override public void release(VmIdentity id, Claim claim) throws Exception {
      log.add("release " + kind);
      if (failRelease) throw new java.io.IOException(kind + " still in use");
    }
  }

  private StartContext context(RuntimeStore store) throws Exception {
    VmRecord rec = VmRecord.fresh(ID.uid(), ID.namespace(), ID.name());
    store.save(rec);
    DomainSpec spec = new DomainSpec("vm", "uid-1", 1, 64, "pc", List.of(), List.of(), List.of(), List.of(),
        List.of(), List.of(), null, false);
    return new StartContext(store, new StartRequest(ID, spec, List.of(), StartMode.Run),
        new RuntimePaths(dir.resolve("run")), rec);
  }

  private List<HostStep> steps(RuntimeStore store, int failAt, int releaseFailsAt) {
    List<HostStep> steps = new ArrayList<>();
    for (int i = 0; i < KINDS.size(); i++) steps.add(new FakeStep(KINDS.get(i), store, i == failAt, i == releaseFailsAt));
    return steps;
  }

  @Test void allStepsRunInOrderAndEveryClaimIsRecordedInThatOrder() throws Exception {
    RuntimeStore store = new RuntimeStore(dir);
    StartContext ctx = context(store);
    List<String> phases = new ArrayList<>();

    new StartPipeline(steps(store, -1, -1)).run(ctx, phases::add);

    assertThat(log).containsExactly("take cgroup", "take pci", "take macvtap", "take labels", "take qemu");
    assertThat(phases).isEqualTo(KINDS);
    assertThat(store.load(ID.uid()).orElseThrow().claims()).extracting(Claim::kind).isEqualTo(KINDS);
  }

  @ParameterizedTest(name = "failure at step {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void aFailureUndoesTheStepsTakenSoFarInReverseOrder(int failAt) throws Exception {
    RuntimeStore store = new RuntimeStore(dir);
    StartContext ctx = context(store);

    assertThatThrownBy(() -> new StartPipeline(steps(store, failAt, -1)).run(ctx, p -> { }))
        .hasMessage(KINDS.get(failAt) + " failed");

    List<String> expected = new ArrayList<>();
    for (int i = 0; i <= failAt; i++) expected.add("take " + KINDS.get(i));
    // the failing step's claim was recorded before it acted, so its own undo runs first (it may have half-taken)
    for (int i = failAt; i >= 0; i--) expected.add("release " + KINDS.get(i));
    assertThat(log).isEqualTo(expected);
    assertThat(store.load(ID.uid()).orElseThrow().claims()).as("nothing left claimed").isEmpty();
  }

  @Test void anUndoThatCannotReleaseStopsTheUnwindAndKeepsWhatWasTakenBeforeIt() throws Exception {
    RuntimeStore store = new RuntimeStore(dir);
    StartContext ctx = context(store);

    assertThatThrownBy(() -> new StartPipeline(steps(store, 4, 3)).run(ctx, p -> { })).hasMessage("qemu failed");

    assertThat(log).endsWith("release qemu", "release labels");
    assertThat(log).doesNotContain("release macvtap", "release cgroup");
    assertThat(store.load(ID.uid()).orElseThrow().claims()).extracting(Claim::kind)
        .containsExactly("cgroup", "pci", "macvtap", "labels");
  }

  @Test void releasingRecordedClaimsAfterARestartNeedsOnlyTheRecord() throws Exception {
    RuntimeStore store = new RuntimeStore(dir);
    new StartPipeline(steps(store, -1, -1)).run(context(store), p -> { });
    log.clear();
    VmRecord reread = new RuntimeStore(dir).load(ID.uid()).orElseThrow(); // as a restarted agent sees it

    new ClaimRelease(steps(store, -1, -1)).release(ID, reread.runClaims(), change -> {
      VmRecord next = change.apply(store.load(ID.uid()).orElseThrow());
      store.save(next);
      return next;
    });

    assertThat(log).containsExactly("release qemu", "release labels", "release macvtap", "release pci",
        "release cgroup");
    assertThat(store.load(ID.uid()).orElseThrow().claims()).isEmpty();
  }

  @Test void twoStepsMayNotShareAClaimKind() {
    RuntimeStore store = new RuntimeStore(dir);
    assertThatThrownBy(() -> new StartPipeline(List.of(new FakeStep("a", store, false, false),
        new FakeStep("a", store, false, false)))).isInstanceOf(IllegalArgumentException.class);
  }
}
