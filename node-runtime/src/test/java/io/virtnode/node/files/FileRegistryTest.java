package io.virtnode.node.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry on real files: one owner per inode, durable across restarts, deletion that releases. */
class FileRegistryTest {
  static final FileOwner A = new FileOwner("uid-a", "default", "a");
  static final FileOwner B = new FileOwner("uid-b", "default", "b");
  @TempDir Path dir;
  final FileProbe probe = new FileProbe();

  @Test
  void aHardLinkIsTheSameFileSoItsSecondUserIsRefusedNamingTheFirst() throws IOException {
    FileRegistry r = new FileRegistry(dir.resolve("state"));
    Path disk = Files.writeString(dir.resolve("a.img"), "a");
    Path alias = Files.createLink(dir.resolve("alias"), disk);
    r.claim(A, probe.keyOf(disk).orElseThrow(), FileRole.DISK_RW, disk);
    assertThatThrownBy(() -> r.claim(B, probe.keyOf(alias).orElseThrow(), FileRole.CHARDEV_FILE, alias))
        .isInstanceOfSatisfying(FileInUseException.class, e -> {
          assertThat(e.reason()).isEqualTo("FileInUse");
          assertThat(e.holder().owner()).isEqualTo(A);
          assertThat(e.getMessage()).contains("default/a").contains(disk.toString());
        });
  }

  @Test
  void claimsSurviveARestartAndGoWithTheirVm() throws IOException {
    Path disk = Files.writeString(dir.resolve("a.img"), "a");
    FileKey key = probe.keyOf(disk).orElseThrow();
    new FileRegistry(dir.resolve("state")).claim(A, key, FileRole.DISK_RW, disk);
    FileRegistry again = new FileRegistry(dir.resolve("state"));
    assertThat(again.conflict(B, key, FileRole.DISK_RO)).isPresent();
    assertThat(again.conflict(A, key, FileRole.DISK_RW)).as("its own use again").isEmpty();
    assertThat(again.conflict(A, key, FileRole.CHARDEV_FILE)).as("its own disk as console").isPresent();
    again.releaseAll(A.uid());
    assertThat(new FileRegistry(dir.resolve("state")).conflict(B, key, FileRole.DISK_RW)).isEmpty();
  }

  @Test
  void readOnlyRolesShareAndAWriterIsAlone() throws IOException {
    FileRegistry r = new FileRegistry(dir.resolve("state"));
    FileKey key = new FileKey(1, 2);
    r.claim(A, key, FileRole.BACKING, dir.resolve("base"));
    r.claim(B, key, FileRole.DISK_RO, dir.resolve("base"));
    assertThat(r.holders(key)).hasSize(2);
    assertThat(r.conflict(new FileOwner("uid-c", "default", "c"), key, FileRole.DISK_RW)).isPresent();
  }

  @Test
  void identityIsUidAndNamespaceAndName() throws IOException {
    FileRegistry r = new FileRegistry(dir.resolve("state"));
    FileKey key = new FileKey(1, 2);
    r.claim(A, key, FileRole.DISK_RW, dir.resolve("x"));
    assertThat(r.conflict(new FileOwner("uid-a", "other", "a"), key, FileRole.DISK_RW)).as("same uid, other VM")
        .isPresent();
  }

  @Test
  void aCreatedImageIsRemovedWithItsVmOnlyWhenNoOtherVmHoldsIt() throws IOException {
    FileRegistry r = new FileRegistry(dir.resolve("state"));
    Path kept = Files.writeString(dir.resolve("kept.img"), "k");
    Path gone = Files.writeString(dir.resolve("gone.img"), "g");
    r.recordCreated(A, probe.keyOf(kept).orElseThrow(), FileRole.DISK_RW, kept);
    r.recordCreated(A, probe.keyOf(gone).orElseThrow(), FileRole.DISK_RW, gone);
    r.claim(B, probe.keyOf(kept).orElseThrow(), FileRole.DISK_RW, kept);
    Path replaced = Files.writeString(dir.resolve("replaced.img"), "someone else's");
    List<ImageDisposal> out = r.dispose(A.uid(), List.of(kept, gone, replaced, dir.resolve("missing")), probe);
    assertThat(out).extracting(ImageDisposal::outcome).containsExactly(ImageDisposal.Outcome.KEPT,
        ImageDisposal.Outcome.REMOVE, ImageDisposal.Outcome.NOT_OURS, ImageDisposal.Outcome.GONE);
    assertThat(out.get(0).heldBy()).containsExactly(B);
    assertThat(out.get(0).describe()).contains("kept").contains("default/b");
    assertThat(r.created(probe.keyOf(kept).orElseThrow())).as("kept, and never removed by anyone later").isEmpty();
  }

  @Test
  void aNewRegistryLearnsRunningVmsFilesAndCreatedImagesFromRecordsAndLedger() throws IOException {
    Path state = dir.resolve("state");
    Path disk = Files.writeString(dir.resolve("running.img"), "a");
    var ledger = new io.virtnode.node.security.LabelLedger(state);
    new io.virtnode.node.security.DacLabeler(64055, 64056, ledger)
        .label("uid-a", io.virtnode.node.security.LabelTarget.of(disk, io.virtnode.node.security.LabelTarget.Kind.DISK));
    var rec = io.virtnode.node.state.VmRecord.fresh("uid-a", "default", "a").withCreatedFile(disk.toString());
    FileRegistry r = new FileRegistry(state);
    r.seedIfNew(List.of(rec), ledger, probe);
    FileKey key = probe.keyOf(disk).orElseThrow();
    assertThat(r.conflict(B, key, FileRole.CHARDEV_FILE)).get().satisfies(h -> assertThat(h.owner()).isEqualTo(A));
    assertThat(r.created(key)).get().satisfies(h -> assertThat(h.owner()).isEqualTo(A));
    r.releaseAll(A.uid());
    FileRegistry again = new FileRegistry(state);
    again.seedIfNew(List.of(rec), ledger, probe);
    assertThat(again.holders(key)).as("an existing registry is never re-seeded").isEmpty();
  }

  @Test
  void anUnreadableRegistryFailsClosed() throws IOException {
    Files.createDirectories(dir.resolve("state"));
    Files.writeString(dir.resolve("state/files.json"), "{not json");
    assertThatThrownBy(() -> new FileRegistry(dir.resolve("state"))).hasMessageContaining("do not delete it");
  }
}
