package io.virtnode.node.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels remembered per inode: an alias never restores the wrong original; old path-keyed ledgers migrate. */
@Tag("isolation")
class LabelLedgerInodeTest {
  @TempDir Path dir;

  private static String owner(Path p) throws IOException {
    return Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
        + Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS) + " "
        + PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void twoVmsThroughTwoNamesOfOneFileGiveBackTheTrueOriginal() throws IOException {
    Path disk = Files.writeString(dir.resolve("a.img"), "a");
    Files.setAttribute(disk, "unix:uid", 1000);
    Files.setAttribute(disk, "unix:gid", 1000);
    Files.setPosixFilePermissions(disk, PosixFilePermissions.fromString("rw-------"));
    Path alias = Files.createLink(dir.resolve("alias.log"), disk);
    DacLabeler dac = new DacLabeler(64055, 64056, new LabelLedger(dir.resolve("state")));
    dac.label("vmA", LabelTarget.of(disk, LabelTarget.Kind.DISK));
    dac.label("vmB", LabelTarget.of(alias, LabelTarget.Kind.CHARDEV_FILE));
    dac.restoreAll("vmA", RestorePolicy.NORMAL);
    assertThat(owner(disk)).as("vmB still uses it").isEqualTo("64055:64056 rw-------");
    dac.restoreAll("vmB", RestorePolicy.NORMAL);
    assertThat(owner(disk)).isEqualTo("1000:1000 rw-------");
    assertThat(new LabelLedger(dir.resolve("state")).entriesUsedBy(DacLabeler.DRIVER, "vmB")).isEmpty();
  }

  @Test
  void aPathKeyedLedgerIsMigratedKeepingTheOriginalOfTheFirstLabel() throws IOException {
    Path disk = Files.writeString(dir.resolve("a.img"), "a");
    Files.setAttribute(disk, "unix:uid", 64055);
    Files.setAttribute(disk, "unix:gid", 64056);
    long dev = (Long) Files.getAttribute(disk, "unix:dev");
    long ino = (Long) Files.getAttribute(disk, "unix:ino");
    Path alias = Files.createLink(dir.resolve("alias.log"), disk);
    String entry = """
        {"dev": %d, "ino": %d, "kind": "%s", "shared": false, "original": {"uid": "%s", "gid": "%s", "mode": "600"},
         "applied": "64055:64056", "vms": ["%s"]}""";
    String old = "{\"files\": {\"dac\": {\"" + disk + "\": " + entry.formatted(dev, ino, "DISK", "1000", "1000", "vmA")
        + ", \"" + alias + "\": " + entry.formatted(dev, ino, "CHARDEV_FILE", "64055", "64056", "vmB")
        + "}}, \"mcs\": {}}";
    Files.createDirectories(dir.resolve("state"));
    Files.writeString(dir.resolve("state/security-labels.json"), old);
    LabelLedger ledger = new LabelLedger(dir.resolve("state"));
    assertThat(ledger.entry(DacLabeler.DRIVER, dev, ino)).get().satisfies(e -> {
      assertThat(e.vms()).containsExactly("vmA", "vmB");
      assertThat(e.original()).containsEntry("uid", "1000");
    });
    assertThat(Files.readString(ledger.file())).contains("inodes").doesNotContain("\"files\"");
    DacLabeler dac = new DacLabeler(64055, 64056, ledger);
    dac.restoreAll("vmB", RestorePolicy.NORMAL);
    dac.restoreAll("vmA", RestorePolicy.NORMAL);
    assertThat(owner(disk)).startsWith("1000:1000");
  }
}
