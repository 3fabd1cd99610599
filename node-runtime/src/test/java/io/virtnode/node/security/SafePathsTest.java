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
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Good paths pass, and an fd opened after the check keeps pointing at the checked file when the path is swapped. */
@Tag("isolation")
class SafePathsTest {
  @TempDir Path base;
  private Path root;

  @BeforeEach
  void layout() throws IOException {
    assertThat(FileCalls.isAvailable()).as("native file calls (jnr-ffi libc): %s", FileCalls.unavailabilityCause())
        .isTrue();
    root = Files.createDirectories(base.resolve("images"));
    Files.createDirectories(root.resolve("vm1"));
    Files.writeString(root.resolve("vm1/disk.img"), "ORIGINAL");
    Files.writeString(root.resolve("vm1/other.img"), "OTHER");
  }

  @Test
  void kernelHasOpenat2() throws IOException {
    assertThat(SafePaths.openat2Available()).as("kernel facility openat2(2) (Linux 5.6+)").isTrue();
    assertThat(new SafePaths(List.of(root)).usesOpenat2()).isTrue();
  }

  @ParameterizedTest(name = "openat2={0}")
  @ValueSource(booleans = {true, false})
  void cleanPathsUnderARootPass(boolean openat2) throws IOException {
    SafePaths paths = new SafePaths(List.of(base.resolve("elsewhere"), root), openat2);
    assertThat(paths.usesOpenat2()).isEqualTo(openat2);
    assertThat(paths.check(root + "/vm1/disk.img")).isEqualTo(root.resolve("vm1/disk.img"));
    assertThat(paths.check(root + "/vm1/other.img"))
        .isEqualTo(root.resolve("vm1/other.img"));
    Files.writeString(root.resolve("vm1/a,b file.img"), "x");
    assertThat(paths.check(root + "/vm1/a,b file.img")).isEqualTo(root.resolve("vm1/a,b file.img"));
  }

  @ParameterizedTest(name = "openat2={0}")
  @ValueSource(booleans = {true, false})
  void checkCreateAcceptsAbsentAndOwnFiles(boolean openat2) throws IOException {
    SafePaths paths = new SafePaths(List.of(root), openat2);
    assertThat(paths.checkCreate(root + "/vm1/new.img")).isEqualTo(
        new SafePaths.CreateCheck(root.resolve("vm1/new.img"), false));
    assertThat(paths.checkCreate(root + "/vm1/disk.img").exists()).isTrue();
    int fd = paths.openBeneath(root, Path.of("vm1/new.img"),
        FileCalls.O_RDWR | FileCalls.O_CREAT | FileCalls.O_EXCL, 0600);
    FileCalls.close(fd);
    assertThat(Files.getPosixFilePermissions(root.resolve("vm1/new.img"))).hasSize(2);
    assertThatThrownBy(() -> paths.openBeneath(root, Path.of("vm1/new.img"),
        FileCalls.O_RDWR | FileCalls.O_CREAT | FileCalls.O_EXCL, 0600))
        .isInstanceOfSatisfying(PathRefusedException.class, e -> assertThat(e.reason()).isEqualTo("AlreadyExists"));
  }

  @ParameterizedTest(name = "openat2={0}")
  @ValueSource(booleans = {true, false})
  void fdOpenedAfterCheckStillReadsTheCheckedFileWhenThePathIsSwappedForASymlink(boolean openat2)
      throws IOException {
    SafePaths paths = new SafePaths(List.of(root), openat2);
    Path disk = paths.check(root + "/vm1/disk.img");
    Object checkedInode = Files.getAttribute(disk, "unix:ino");
    int fd = paths.openBeneath(root, root.relativize(disk), FileCalls.O_RDONLY, 0);
    try {
      // The attacker swaps the checked path for a symlink to another VM's file.
      Files.move(disk, root.resolve("vm1/disk.img.moved"));
      Files.createSymbolicLink(disk, root.resolve("vm1/other.img"));

      assertThat(FileCalls.fstat(fd).ino()).isEqualTo(((Number) checkedInode).longValue());
      Path fdTarget = Files.readSymbolicLink(Path.of(FileCalls.procFd(fd)));
      assertThat(fdTarget).isEqualTo(root.resolve("vm1/disk.img.moved"));
      assertThat(Files.readString(Path.of(FileCalls.procFd(fd)))).isEqualTo("ORIGINAL");
      assertThatThrownBy(() -> paths.openBeneath(root, root.relativize(disk), FileCalls.O_RDONLY, 0))
          .isInstanceOfSatisfying(PathRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo("SymlinkRefused"));
      assertThatThrownBy(() -> paths.check(disk.toString()))
          .isInstanceOfSatisfying(PathRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo("SymlinkRefused"));
    } finally {
      FileCalls.close(fd);
    }
  }

  @ParameterizedTest(name = "openat2={0}")
  @ValueSource(booleans = {true, false})
  void socketUnderARootPasses(boolean openat2) throws IOException {
    Path sock = root.resolve("vm1/monitor.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(sock));
      assertThat(new SafePaths(List.of(root), openat2).checkSocket(sock)).isEqualTo(sock);
    }
  }

  @Test
  void openBeneathRefusesDotDotAndAbsoluteRelatives() {
    SafePaths paths = new SafePaths(List.of(root));
    assertThatThrownBy(() -> paths.openBeneath(root, Path.of("../images/vm1/disk.img"), FileCalls.O_RDONLY, 0))
        .isInstanceOfSatisfying(PathRefusedException.class, e -> assertThat(e.reason()).isEqualTo("DotComponent"));
    assertThatThrownBy(() -> paths.openBeneath(root, Path.of("/etc/passwd"), FileCalls.O_RDONLY, 0))
        .isInstanceOfSatisfying(PathRefusedException.class, e -> assertThat(e.reason()).isEqualTo("NotRelative"));
  }

  @Test
  void rootsMustBeAbsoluteAndNormalized() {
    assertThatThrownBy(() -> new SafePaths(List.of(Path.of("images"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("images");
    assertThatThrownBy(() -> new SafePaths(List.of(Path.of("/var/lib/../lib/images"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/var/lib/../lib/images");
  }
}
