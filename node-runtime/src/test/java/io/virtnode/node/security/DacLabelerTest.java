package io.virtnode.node.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.nativeio.FileCalls;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DAC labels on real files: chown to QEMU, originals remembered durably and given back by the last user. */
@Tag("isolation")
class DacLabelerTest {
  static final int QEMU_UID = 64055;
  static final int QEMU_GID = 64056;
  @TempDir Path base;
  private Path state;
  private Path disk;

  @BeforeEach
  void setUp() throws IOException {
    assertThat(FileCalls.geteuid()).as("these tests chown files and need to run as root").isZero();
    state = base.resolve("state");
    disk = base.resolve("images/disk.img");
    Files.createDirectories(disk.getParent());
    Files.writeString(disk, "disk");
    own(disk, 1234, 2345, "r--r-----");
  }

  @Test
  void labelChownsToQemuKeepingModePlusOwnerRwAndRestoreGivesBackTheOriginal() throws IOException {
    DacLabeler dac = new DacLabeler(QEMU_UID, QEMU_GID, new LabelLedger(state));
    dac.label("vm1", LabelTarget.of(disk, LabelTarget.Kind.DISK));
    assertThat(owner(disk)).isEqualTo("64055:64056 rw-r-----");

    dac.restore("vm1", LabelTarget.of(disk, LabelTarget.Kind.DISK), RestorePolicy.NORMAL);
    assertThat(owner(disk)).isEqualTo("1234:2345 r--r-----");
    assertThat(new LabelLedger(state).entry(DacLabeler.DRIVER, disk)).isEmpty();
  }

  @Test
  void readOnlyBackingFileGetsOwnerReadOnly() throws IOException {
    own(disk, 1234, 2345, "---r--r--");
    DacLabeler dac = new DacLabeler(QEMU_UID, QEMU_GID, new LabelLedger(state));
    dac.label("vm1", LabelTarget.of(disk, LabelTarget.Kind.BACKING));
    assertThat(owner(disk)).isEqualTo("64055:64056 r--r--r--");
  }

  @Test
  void fileUsedByTwoVmsKeepsItsLabelUntilTheLastOneRestores() throws IOException {
    DacLabeler dac = new DacLabeler(QEMU_UID, QEMU_GID, new LabelLedger(state));
    LabelTarget t = new LabelTarget(disk, LabelTarget.Kind.DISK, true);
    dac.label("vm1", t);
    dac.label("vm2", t);
    assertThat(new LabelLedger(state).entry(DacLabeler.DRIVER, disk).orElseThrow().vms())
        .containsExactly("vm1", "vm2");

    dac.restore("vm1", t, RestorePolicy.NORMAL);
    assertThat(owner(disk)).isEqualTo("64055:64056 rw-r-----");
    dac.restore("vm1", t, RestorePolicy.NORMAL); // twice is harmless: vm1 no longer counts
    assertThat(owner(disk)).isEqualTo("64055:64056 rw-r-----");
    dac.restore("vm2", t, RestorePolicy.NORMAL);
    assertThat(owner(disk)).isEqualTo("1234:2345 r--r-----");
  }

  @Test
  void migrationAbortAndRestoreFromImageLeaveSharedStorageLabelled() throws IOException {
    Path local = base.resolve("images/local.img");
    Files.writeString(local, "local");
    own(local, 1234, 2345, "r--------");
    DacLabeler dac = new DacLabeler(QEMU_UID, QEMU_GID, new LabelLedger(state));
    LabelTarget shared = new LabelTarget(disk, LabelTarget.Kind.DISK, true);
    dac.label("vm1", shared);
    dac.label("vm1", LabelTarget.of(local, LabelTarget.Kind.DISK));

    dac.restoreAll("vm1", RestorePolicy.MIGRATION_ABORT);
    assertThat(owner(disk)).as("shared disk the source still uses").isEqualTo("64055:64056 rw-r-----");
    assertThat(owner(local)).as("node-local disk of the aborted target").isEqualTo("1234:2345 r--------");
    assertThat(new LabelLedger(state).entriesUsedBy(DacLabeler.DRIVER, "vm1")).isEmpty();

    dac.label("vm2", shared);
    dac.restore("vm2", shared, RestorePolicy.RESTORE_FROM_IMAGE);
    assertThat(owner(disk)).isEqualTo("64055:64056 rw-r-----");
  }

  @Test
  void ledgerIsOnDiskBeforeTheChownAndANewInstanceRestores() throws IOException {
    List<String> seenOnDisk = new ArrayList<>();
    DacLabeler.Chown spying = (fd, uid, gid, subject) -> {
      // The crash window: if the agent died right here, the original must already be durable.
      seenOnDisk.add(Files.readString(state.resolve("security-labels.json")));
      FileCalls.fchown(fd, uid, gid, subject);
    };
    new DacLabeler(QEMU_UID, QEMU_GID, new LabelLedger(state), spying)
        .label("vm1", LabelTarget.of(disk, LabelTarget.Kind.DISK));
    assertThat(seenOnDisk).hasSize(1);
    assertThat(seenOnDisk.get(0)).contains(disk.toString()).contains("\"uid\" : \"1234\"").contains("vm1");

    // The agent restarts: a fresh ledger and labeler find the VM's files and give them back.
    new DacLabeler(QEMU_UID, QEMU_GID, new LabelLedger(state)).restoreAll("vm1", RestorePolicy.NORMAL);
    assertThat(owner(disk)).isEqualTo("1234:2345 r--r-----");
  }

  @Test
  void epermOnRestoreIsToleratedButNotOnLabel() throws IOException {
    DacLabeler.Chown rootSquashed = (fd, uid, gid, subject) -> {
      throw FileCalls.error("fchownat", subject, FileCalls.EPERM);
    };
    DacLabeler squashed = new DacLabeler(QEMU_UID, QEMU_GID, new LabelLedger(state), rootSquashed);
    LabelTarget t = LabelTarget.of(disk, LabelTarget.Kind.DISK);
    assertThatThrownBy(() -> squashed.label("vm1", t)).isInstanceOfSatisfying(LabelException.class,
        e -> assertThat(e.reason()).isEqualTo("LabelFailed")).hasMessageContaining(disk.toString())
        .hasMessageContaining("EPERM");
    assertThat(new LabelLedger(state).entry(DacLabeler.DRIVER, disk)).as("nothing left recorded").isEmpty();
    assertThat(owner(disk)).isEqualTo("1234:2345 r--r-----");

    new DacLabeler(QEMU_UID, QEMU_GID, new LabelLedger(state)).label("vm1", t);
    new DacLabeler(QEMU_UID, QEMU_GID, new LabelLedger(state), rootSquashed)
        .restore("vm1", t, RestorePolicy.NORMAL); // no exception: warned and left as is
    assertThat(owner(disk)).startsWith("64055:64056");
    assertThat(new LabelLedger(state).entry(DacLabeler.DRIVER, disk)).isEmpty();
  }

  @Test
  void symlinkTargetIsRefusedNotFollowed() throws IOException {
    Path link = base.resolve("images/link.img");
    Files.createSymbolicLink(link, disk);
    DacLabeler dac = new DacLabeler(QEMU_UID, QEMU_GID, new LabelLedger(state));
    assertThatThrownBy(() -> dac.label("vm1", LabelTarget.of(link, LabelTarget.Kind.DISK)))
        .isInstanceOfSatisfying(PathRefusedException.class, e -> assertThat(e.reason()).isEqualTo("SymlinkRefused"))
        .hasMessageContaining(link.toString());
    assertThat(owner(disk)).isEqualTo("1234:2345 r--r-----");
    assertThat(new LabelLedger(state).entriesUsedBy(DacLabeler.DRIVER, "vm1")).isEmpty();
  }

  @Test
  void fileSwappedForASymlinkAfterLabellingIsNotFollowedOnRestore() throws IOException {
    Path victim = base.resolve("victim");
    Files.writeString(victim, "host file");
    own(victim, 0, 0, "rw-------");
    DacLabeler dac = new DacLabeler(QEMU_UID, QEMU_GID, new LabelLedger(state));
    dac.label("vm1", LabelTarget.of(disk, LabelTarget.Kind.DISK));
    Files.delete(disk);
    Files.createSymbolicLink(disk, victim);

    dac.restoreAll("vm1", RestorePolicy.NORMAL);
    assertThat(owner(victim)).isEqualTo("0:0 rw-------");
  }

  @Test
  void monitorSocketIsLabelledAndGivenBack() throws IOException {
    Path sock = base.resolve("images/monitor.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(sock));
      own(sock, 0, 0, "rw-------");
      DacLabeler dac = new DacLabeler(QEMU_UID, QEMU_GID, new LabelLedger(state));
      dac.label("vm1", LabelTarget.of(sock, LabelTarget.Kind.MONITOR_SOCKET));
      assertThat(owner(sock)).isEqualTo("64055:64056 rw-------");
      dac.restoreAll("vm1", RestorePolicy.NORMAL);
      assertThat(owner(sock)).isEqualTo("0:0 rw-------");
    }
  }

  static void own(Path p, int uid, int gid, String perms) throws IOException {
    Files.setAttribute(p, "unix:uid", uid);
    Files.setAttribute(p, "unix:gid", gid);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
  }

  static String owner(Path p) throws IOException {
    return Files.getAttribute(p, "unix:uid") + ":" + Files.getAttribute(p, "unix:gid") + " "
        + PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
