package io.virtnode.node.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.security.DacLabeler;
import io.virtnode.node.security.LabelLedger;
import io.virtnode.node.security.LabelTarget;
import io.virtnode.node.security.RestorePolicy;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims before labels: a file another VM holds is refused before its owner changes. */
@Tag("isolation")
class ClaimingLabelerTest {
  @TempDir Path dir;

  @Test
  void aSecondWriterIsRefusedBeforeTheFileChangesAndReleaseFreesIt() throws IOException {
    Path state = dir.resolve("state");
    FileRegistry registry = new FileRegistry(state);
    Map<String, VmRecord> records = Map.of("ua", VmRecord.fresh("ua", "default", "a"),
        "ub", VmRecord.fresh("ub", "default", "b"));
    var labeler = new ClaimingLabeler(new DacLabeler(64055, 64056, new LabelLedger(state)), registry,
        uid -> Optional.ofNullable(records.get(uid)), 0);
    Path disk = Files.writeString(dir.resolve("a.img"), "a");
    Files.setAttribute(disk, "unix:uid", 1000);
    labeler.label("ua", LabelTarget.of(disk, LabelTarget.Kind.DISK));
    assertThat(Files.getAttribute(disk, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(64055);
    Path alias = Files.createLink(dir.resolve("alias"), disk);
    assertThatThrownBy(() -> labeler.label("ub", LabelTarget.of(alias, LabelTarget.Kind.CHARDEV_FILE)))
        .isInstanceOf(FileInUseException.class).hasMessageContaining("default/a");
    labeler.restoreAll("ua", RestorePolicy.NORMAL);
    assertThat(Files.getAttribute(disk, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
    assertThat(registry.holders(new FileProbe().keyOf(disk).orElseThrow())).isEmpty();
  }

  @Test
  void aDiskGivenBackByOneVmWhileItRunsCanBeTakenByAnother() throws IOException {
    Path state = dir.resolve("state");
    FileRegistry registry = new FileRegistry(state);
    Map<String, VmRecord> records = Map.of("ua", VmRecord.fresh("ua", "default", "a"),
        "ub", VmRecord.fresh("ub", "default", "b"));
    var labeler = new ClaimingLabeler(new DacLabeler(64055, 64056, new LabelLedger(state)), registry,
        uid -> Optional.ofNullable(records.get(uid)), 0);
    Path disk = Files.writeString(dir.resolve("shared.img"), "a");
    labeler.label("ua", LabelTarget.of(disk, LabelTarget.Kind.DISK));
    assertThatThrownBy(() -> labeler.label("ub", LabelTarget.of(disk, LabelTarget.Kind.DISK)))
        .isInstanceOf(FileInUseException.class);
    labeler.restore("ua", LabelTarget.of(disk, LabelTarget.Kind.DISK), RestorePolicy.NORMAL); // unplugged from a

    labeler.label("ub", LabelTarget.of(disk, LabelTarget.Kind.DISK));

    assertThat(registry.holders(new FileProbe().keyOf(disk).orElseThrow())).extracting(h -> h.owner().name())
        .containsExactly("b");
  }

  @Test
  void aConsoleLogTheAgentWritesIsClaimedButNeverChowned() throws IOException {
    Path state = dir.resolve("state");
    FileRegistry registry = new FileRegistry(state);
    Path log = Files.createFile(dir.resolve("console.log"));
    int agent = (Integer) Files.getAttribute(log, "unix:uid");
    Map<String, VmRecord> records = Map.of("ua", VmRecord.fresh("ua", "default", "a"),
        "ub", VmRecord.fresh("ub", "default", "b"));
    var labeler = new ClaimingLabeler(new DacLabeler(64055, 64056, new LabelLedger(state)), registry,
        uid -> Optional.ofNullable(records.get(uid)), agent);
    labeler.claimUnlabelled("ua", LabelTarget.of(log, LabelTarget.Kind.CHARDEV_FILE));
    assertThat(Files.getAttribute(log, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as("still the agent's").isEqualTo(agent);
    assertThat(registry.holders(new FileProbe().keyOf(log).orElseThrow())).hasSize(1);
    assertThatThrownBy(() -> labeler.label("ub", LabelTarget.of(log, LabelTarget.Kind.DISK)))
        .isInstanceOf(FileInUseException.class).hasMessageContaining("default/a");
    assertThat(Files.getAttribute(log, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(agent);
    labeler.restoreAll("ua", RestorePolicy.NORMAL);
    assertThat(registry.holders(new FileProbe().keyOf(log).orElseThrow())).isEmpty();
  }

  @Test
  void anImageTheRecordListsAsCreatedIsRecordedByInode() throws IOException {
    Path state = dir.resolve("state");
    FileRegistry registry = new FileRegistry(state);
    Path disk = Files.writeString(dir.resolve("made.img"), "a");
    VmRecord rec = VmRecord.fresh("ua", "default", "a").withCreatedFile(disk.toString());
    var labeler = new ClaimingLabeler(new DacLabeler(64055, 64056, new LabelLedger(state)), registry,
        uid -> Optional.of(rec), 0);
    labeler.label("ua", LabelTarget.of(disk, LabelTarget.Kind.DISK));
    assertThat(registry.created(new FileProbe().keyOf(disk).orElseThrow())).get()
        .satisfies(h -> assertThat(h.owner()).isEqualTo(new FileOwner("ua", "default", "a")));
  }

  @Test
  void aConsoleFileTheAgentJustMadeIsTheVmsAcrossRestartsAndNoOneElses() throws IOException {
    Path state = dir.resolve("state");
    FileRegistry registry = new FileRegistry(state);
    Path images = java.nio.file.Files.createDirectories(dir.resolve("images/default"));
    Path log = Files.createFile(images.resolve("console.log")); // as Confinement makes it, owned by the agent
    int agent = (Integer) Files.getAttribute(log, "unix:uid");
    var rec = VmRecord.fresh("ua", "default", "a");
    var labeler = new ClaimingLabeler(new DacLabeler(64055, 64056, new LabelLedger(state)), registry,
        uid -> Optional.of(rec), agent);
    labeler.label("ua", LabelTarget.of(log, LabelTarget.Kind.CHARDEV_FILE));
    labeler.restoreAll("ua", RestorePolicy.NORMAL);
    assertThat(Files.getAttribute(log, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(agent);
    var check = new io.virtnode.node.storage.StorageCheck(new io.virtnode.node.storage.StorageRoots(List.of(
        io.virtnode.node.storage.StorageRoot.perNamespace(dir.resolve("images")))), p -> List.of(), registry, 64055);
    var spec = new io.virtnode.node.domain.DomainSpec("default_a", "6f1c2a3e-0b1d-4c5e-9f00-112233445566", 1, 64, "pc",
        List.of(), List.of(), List.of(new io.virtnode.node.domain.CharDeviceSpec("serial0",
            new io.virtnode.node.domain.CharBackendSpec(io.virtnode.node.domain.CharBackendSpec.Kind.FILE, log, false))),
        List.of(), List.of(), List.of(), null, false);
    assertThat(check.check(new FileOwner("ua", "default", "a"), spec, java.util.Set.of())).as("its own console again")
        .isEmpty();
    assertThat(check.check(new FileOwner("ub", "default", "b"), spec, java.util.Set.of()))
        .extracting(io.virtnode.node.storage.StorageCheck.Problem::reason).containsExactly("FileInUse");
  }
}
