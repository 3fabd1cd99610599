package io.virtnode.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DomainSpec;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageCheckTest {
  @TempDir Path root;

  private static DomainSpec vm(Path disk, DiskSpec.DiskFormat format) {
    return new DomainSpec("default_a", "6f1c2a3e-0b1d-4c5e-9f00-112233445566", 1, 64, "pc",
        List.of(new DiskSpec("root", disk, false, format, DiskSpec.DiskBus.VIRTIO, false)), List.of(), List.of(),
        List.of(), List.of(), List.of(), null, false);
  }

  private StorageCheck check(StorageCheck.ChainReader chains, StorageCheck.Lookup lookup) {
    return new StorageCheck(List.of(root), chains, lookup);
  }

  private static List<StorageCheck.Layer> raw(Path p) {
    return List.of(new StorageCheck.Layer(p, "raw"));
  }

  @Test void aRootSquashedDiskIsAWarningNotAFailure() {
    Path disk = root.resolve("nfs.img");
    var problems = check(StorageCheckTest::raw, p -> StorageCheck.Presence.UNREADABLE)
        .check(vm(disk, DiskSpec.DiskFormat.RAW), Set.of());
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.warning()).isTrue();
      assertThat(p.reason()).isEqualTo("RootSquashed");
      assertThat(p.message()).contains(disk.toString());
    });
  }

  @Test void aRootSquashedBackingChainIsAWarningNamingTheFile() throws IOException {
    Path disk = Files.writeString(root.resolve("top.qcow2"), "x");
    var problems = new StorageCheck(List.of(root), p -> {
      throw new AccessDeniedException(p.toString());
    }).check(vm(disk, DiskSpec.DiskFormat.QCOW2), Set.of());
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.warning()).isTrue();
      assertThat(p.message()).contains(disk.toString());
    });
  }

  @Test void aMissingDiskIsNeverASilentPass() {
    var problems = new StorageCheck(List.of(root), StorageCheckTest::raw)
        .check(vm(root.resolve("gone.img"), DiskSpec.DiskFormat.RAW), Set.of());
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.warning()).isFalse();
      assertThat(p.reason()).isEqualTo("DiskNotFound");
    });
  }

  @Test void formatLiesSymlinksSystemPathsAndForeignRootsAreFailures() throws IOException {
    Path disk = Files.writeString(root.resolve("a.img"), "x");
    Path link = Files.createSymbolicLink(root.resolve("link.img"), disk);
    StorageCheck c = new StorageCheck(List.of(root), StorageCheckTest::raw);
    assertThat(c.check(vm(disk, DiskSpec.DiskFormat.QCOW2), Set.of())).extracting(StorageCheck.Problem::reason)
        .containsExactly("DiskFormatMismatch");
    assertThat(c.check(vm(link, DiskSpec.DiskFormat.RAW), Set.of())).extracting(StorageCheck.Problem::reason)
        .containsExactly("SymlinkRefused");
    assertThat(c.check(vm(Path.of("/proc/self/environ"), DiskSpec.DiskFormat.RAW), Set.of()))
        .extracting(StorageCheck.Problem::reason).containsExactly("SystemPath");
    assertThat(c.check(vm(Path.of("/etc/passwd"), DiskSpec.DiskFormat.RAW), Set.of()))
        .extracting(StorageCheck.Problem::reason).containsExactly("PathNotAllowed");
    assertThat(c.check(vm(disk, DiskSpec.DiskFormat.RAW), Set.of())).isEmpty();
  }
}
