package io.virtnode.node.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.nativeio.FileCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SELinux labels as security.selinux xattrs on real files (settable here though SELinux is not enforcing). */
@Tag("isolation")
class SelinuxLabelerTest {
  static final String ORIGINAL = "system_u:object_r:user_home_t:s0";
  @TempDir Path base;
  private LabelLedger ledger;
  private Path disk;

  @BeforeEach
  void setUp() throws IOException {
    ledger = new LabelLedger(base.resolve("state"));
    disk = base.resolve("disk.img");
    Files.writeString(disk, "disk");
    setXattr(disk, ORIGINAL);
  }

  @Test
  void labelSetsAPrivateMcsPairAndRestoreGivesTheOriginalBack() throws IOException {
    SelinuxLabeler selinux = new SelinuxLabeler(new McsAllocator(ledger), ledger, true);
    selinux.label("vm1", LabelTarget.of(disk, LabelTarget.Kind.DISK));
    String pair = ledger.mcsPairs().get("vm1");
    assertThat(pair).matches("c\\d{1,4},c\\d{1,4}");
    String[] cats = pair.replace("c", "").split(",");
    assertThat(Integer.parseInt(cats[0])).isLessThan(Integer.parseInt(cats[1]));
    assertThat(xattr(disk)).contains("system_u:object_r:svirt_image_t:s0:" + pair);

    selinux.restoreAll("vm1", RestorePolicy.NORMAL);
    assertThat(xattr(disk)).contains(ORIGINAL);
    assertThat(ledger.mcsPairs()).as("pair released when the VM ends").doesNotContainKey("vm1");
  }

  @Test
  void fileWithoutALabelHasItRemovedOnRestore() throws IOException {
    Path bare = base.resolve("bare.img");
    Files.writeString(bare, "");
    SelinuxLabeler selinux = new SelinuxLabeler(new McsAllocator(ledger), ledger, true);
    selinux.label("vm1", LabelTarget.of(bare, LabelTarget.Kind.CHARDEV_FILE));
    assertThat(xattr(bare)).isPresent();
    selinux.restoreAll("vm1", RestorePolicy.NORMAL);
    assertThat(xattr(bare)).isEmpty();
  }

  @Test
  void twoVmsGetDistinctPairsAndCannotShareAPrivateDisk() throws IOException {
    McsAllocator mcs = new McsAllocator(ledger, 0, 3, new Random(7)); // 6 pairs: collisions get exercised
    SelinuxLabeler selinux = new SelinuxLabeler(mcs, ledger, true);
    selinux.label("vm1", LabelTarget.of(disk, LabelTarget.Kind.DISK));
    Path disk2 = base.resolve("disk2.img");
    Files.writeString(disk2, "");
    selinux.label("vm2", LabelTarget.of(disk2, LabelTarget.Kind.DISK));
    assertThat(mcs.allocations().get("vm1")).isNotEqualTo(mcs.allocations().get("vm2"));
    assertThat(xattr(disk)).isNotEqualTo(xattr(disk2));

    assertThatThrownBy(() -> selinux.label("vm2", LabelTarget.of(disk, LabelTarget.Kind.DISK)))
        .isInstanceOfSatisfying(LabelException.class, e -> assertThat(e.reason()).isEqualTo("InUseByAnotherVm"))
        .hasMessageContaining(disk.toString());
    assertThat(xattr(disk)).contains("system_u:object_r:svirt_image_t:s0:" + mcs.allocations().get("vm1"));
  }

  @Test
  void sharedAndReadOnlyFilesGetLabelsEveryVmCanUseAndKeepThemUntilTheLastUser() throws IOException {
    Path base1 = base.resolve("base.qcow2");
    Files.writeString(base1, "");
    SelinuxLabeler selinux = new SelinuxLabeler(new McsAllocator(ledger), ledger, true);
    LabelTarget shared = new LabelTarget(disk, LabelTarget.Kind.DISK, true);
    LabelTarget backing = LabelTarget.of(base1, LabelTarget.Kind.BACKING);
    for (String vm : new String[] {"vm1", "vm2"}) {
      selinux.label(vm, shared);
      selinux.label(vm, backing);
    }
    assertThat(xattr(disk)).contains("system_u:object_r:svirt_image_t:s0");
    assertThat(xattr(base1)).contains("system_u:object_r:virt_content_t:s0");

    selinux.restoreAll("vm1", RestorePolicy.NORMAL);
    assertThat(xattr(disk)).contains("system_u:object_r:svirt_image_t:s0");
    selinux.restoreAll("vm2", RestorePolicy.MIGRATION_ABORT);
    assertThat(xattr(disk)).as("shared, and the source still uses it").contains("system_u:object_r:svirt_image_t:s0");
    assertThat(xattr(base1)).as("node-local backing file").isEmpty();
  }

  @Test
  void releasedPairIsReusable() throws IOException {
    McsAllocator mcs = new McsAllocator(ledger, 5, 6, new Random(1)); // exactly one pair: c5,c6
    SelinuxLabeler selinux = new SelinuxLabeler(mcs, ledger, true);
    selinux.label("vm1", LabelTarget.of(disk, LabelTarget.Kind.DISK));
    Path disk2 = base.resolve("disk2.img");
    Files.writeString(disk2, "");
    assertThatThrownBy(() -> selinux.label("vm2", LabelTarget.of(disk2, LabelTarget.Kind.DISK)))
        .isInstanceOfSatisfying(LabelException.class, e -> assertThat(e.reason()).isEqualTo("McsExhausted"));

    selinux.restoreAll("vm1", RestorePolicy.NORMAL);
    selinux.label("vm2", LabelTarget.of(disk2, LabelTarget.Kind.DISK));
    assertThat(mcs.allocations()).containsEntry("vm2", "c5,c6");
    assertThat(new LabelLedger(base.resolve("state")).mcsPairs()).as("durable").containsEntry("vm2", "c5,c6");
  }

  @Test
  void disabledDriverTouchesNothing() throws IOException {
    SelinuxLabeler selinux = new SelinuxLabeler(new McsAllocator(ledger), ledger, false);
    selinux.label("vm1", LabelTarget.of(disk, LabelTarget.Kind.DISK));
    assertThat(xattr(disk)).contains(ORIGINAL);
    assertThat(ledger.mcsPairs()).isEmpty();
    assertThat(SelinuxLabeler.probeEnabled(base)).isFalse();
    Files.writeString(base.resolve("enforce"), "0");
    assertThat(SelinuxLabeler.probeEnabled(base)).isTrue();
  }

  @Test
  void stackedDriversLabelInOrderAndUndoTheFirstWhenTheSecondFails() throws IOException {
    DacLabelerTest.own(disk, 1234, 2345, "rw-------");
    McsAllocator mcs = new McsAllocator(ledger, 5, 6, new Random(1));
    SecurityLabeler stack = new StackedLabeler(java.util.List.of(
        new DacLabeler(DacLabelerTest.QEMU_UID, DacLabelerTest.QEMU_GID, ledger),
        new SelinuxLabeler(mcs, ledger, true)));
    stack.label("vm1", LabelTarget.of(disk, LabelTarget.Kind.DISK));
    assertThat(DacLabelerTest.owner(disk)).startsWith("64055:64056");
    assertThat(xattr(disk)).contains("system_u:object_r:svirt_image_t:s0:c5,c6");

    Path disk2 = base.resolve("disk2.img");
    Files.writeString(disk2, "");
    DacLabelerTest.own(disk2, 1234, 2345, "rw-------");
    assertThatThrownBy(() -> stack.label("vm2", LabelTarget.of(disk2, LabelTarget.Kind.DISK)))
        .isInstanceOf(LabelException.class).hasMessageContaining("McsExhausted");
    assertThat(DacLabelerTest.owner(disk2)).as("DAC undone after SELinux failed").isEqualTo("1234:2345 rw-------");

    stack.restoreAll("vm1", RestorePolicy.NORMAL);
    assertThat(DacLabelerTest.owner(disk)).isEqualTo("1234:2345 rw-------");
    assertThat(xattr(disk)).contains(ORIGINAL);
  }

  private static void setXattr(Path p, String label) throws IOException {
    int fd = FileCalls.openat(FileCalls.AT_FDCWD, p.toString(), FileCalls.O_PATH | FileCalls.O_CLOEXEC, 0);
    try {
      FileCalls.setxattr(fd, SelinuxLabeler.XATTR, (label + "\0").getBytes(StandardCharsets.UTF_8), p.toString());
    } finally {
      FileCalls.close(fd);
    }
  }

  private static Optional<String> xattr(Path p) throws IOException {
    int fd = FileCalls.openat(FileCalls.AT_FDCWD, p.toString(), FileCalls.O_PATH | FileCalls.O_CLOEXEC, 0);
    try {
      return FileCalls.getxattr(fd, SelinuxLabeler.XATTR, p.toString())
          .map(v -> new String(v, StandardCharsets.UTF_8).replace("\0", ""));
    } finally {
      FileCalls.close(fd);
    }
  }
}
