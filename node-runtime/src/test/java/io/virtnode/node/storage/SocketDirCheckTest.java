package io.virtnode.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.node.domain.CharBackendSpec;
import io.virtnode.node.files.FileOwner;
import io.virtnode.node.files.FileRegistry;
import io.virtnode.node.isolation.QemuIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Unix server socket is refused up front, naming the QEMU user, where that user cannot create it. */
@Tag("isolation")
class SocketDirCheckTest {
  static final QemuIdentity QEMU = new QemuIdentity("virtqemu", 64055, 64055, List.of(64100));
  static final FileOwner A = new FileOwner("uid-a", "default", "a");
  @TempDir Path base;
  Path ns;
  StorageCheck check;

  @BeforeEach
  void setUp() throws IOException {
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path images = Files.createDirectories(base.resolve("images"));
    ns = Files.createDirectories(images.resolve("default"));
    Files.setPosixFilePermissions(ns, PosixFilePermissions.fromString("rwxr-xr-x"));
    check = new StorageCheck(new StorageRoots(List.of(StorageRoot.perNamespace(images))), FileOwnershipCheckTest::raw,
        new FileRegistry(base.resolve("state")), QEMU);
  }

  private List<StorageCheck.Problem> server(Path socket) {
    return check.check(A, FileOwnershipCheckTest.vm(List.of(),
        List.of(FileOwnershipCheckTest.serial(CharBackendSpec.Kind.UNIX, socket, true))), Set.of());
  }

  @Test
  void aServerSocketInARootOwnedDirectoryIsRefusedNamingTheQemuUser() {
    assertThat(server(ns.resolve("s.sock"))).singleElement().satisfies(p -> {
      assertThat(p.reason()).isEqualTo("SocketDirNotWritable");
      assertThat(p.message()).contains("QEMU runs as virtqemu").contains(ns.toString()).contains("0755");
    });
  }

  @Test
  void aDirectoryTheQemuUserOwnsOrWritesThroughAGroupIsAccepted() throws IOException {
    Path own = Files.createDirectory(ns.resolve("own"));
    Files.setAttribute(own, "unix:uid", QEMU.uid());
    assertThat(server(own.resolve("s.sock"))).isEmpty();
    Path shared = Files.createDirectory(ns.resolve("shared"));
    Files.setAttribute(shared, "unix:gid", 64100);
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwx---"));
    assertThat(server(shared.resolve("s.sock"))).isEmpty();
  }

  @Test
  void aWritableDirectoryBehindAnAncestorItCannotPassIsRefused() throws IOException {
    Path closed = Files.createDirectory(ns.resolve("closed"));
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
    Path open = Files.createDirectory(closed.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(server(open.resolve("s.sock"))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains(closed + " (").contains("does not let it pass"));
  }

  @Test
  void aClientSocketIsNotAskedToBeCreatable() {
    assertThat(check.check(A, FileOwnershipCheckTest.vm(List.of(),
        List.of(FileOwnershipCheckTest.serial(CharBackendSpec.Kind.UNIX, ns.resolve("c.sock"), false))), Set.of()))
        .isEmpty();
  }
}
