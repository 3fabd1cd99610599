package io.virtnode.node.fd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.security.PathRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker opens only beneath its roots, never through a symlink, and hands fds to exec in disk order. */
class FdBrokerTest {
  @TempDir Path root;

  @Test
  void opensAFileBeneathARootWithTheAskedAccess() throws Exception {
    Path image = Files.write(root.resolve("disk.img"), new byte[] {1, 2, 3});
    FdBroker broker = new FdBroker(List.of(root));
    try (OwnedFd rw = broker.open(image, FdBroker.Access.READ_WRITE);
        OwnedFd ro = broker.open(image, FdBroker.Access.READ_ONLY)) {
      assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + rw.fd()))).isEqualTo(image);
      assertThat(Files.readString(Path.of("/proc/self/fdinfo/" + ro.fd()))).contains("flags:\t0");
    }
  }

  @Test
  void closedFdCannotBeUsedAndClosesOnce() throws Exception {
    Path image = Files.write(root.resolve("disk.img"), new byte[] {1});
    OwnedFd fd = new FdBroker(List.of(root)).open(image, FdBroker.Access.READ_ONLY);
    fd.close();
    fd.close();
    assertThat(fd.isOpen()).isFalse();
    assertThatThrownBy(fd::fd).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void symlinkAndPathsOutsideTheRootsAreRefused() throws Exception {
    Path real = Files.write(root.resolve("real.img"), new byte[] {1});
    Path dir = Files.createDirectories(root.resolve("dir"));
    Files.createSymbolicLink(root.resolve("link"), dir);
    Files.write(dir.resolve("x.img"), new byte[] {1});
    FdBroker broker = new FdBroker(List.of(root.resolve("sub")));
    assertThatThrownBy(() -> broker.open(real, FdBroker.Access.READ_ONLY))
        .isInstanceOfSatisfying(PathRefusedException.class, e -> assertThat(e.reason()).isEqualTo("OutsideRoots"));
    FdBroker inRoot = new FdBroker(List.of(root));
    assertThatThrownBy(() -> inRoot.open(root.resolve("link").resolve("x.img"), FdBroker.Access.READ_ONLY))
        .isInstanceOf(PathRefusedException.class).hasMessageContaining("Symlink");
  }

  @Test
  void createNeverOpensAnExistingFile() throws Exception {
    Path existing = Files.write(root.resolve("save.img"), new byte[] {1});
    FdBroker broker = new FdBroker(List.of(root));
    assertThatThrownBy(() -> broker.create(existing, 0600)).hasMessageContaining("AlreadyExists");
    try (OwnedFd fd = broker.create(root.resolve("new.img"), 0600)) {
      assertThat(root.resolve("new.img")).exists();
    }
  }

  @Test
  void execRedirectionsReopenTheAgentsFdsAsThreeFourInDiskOrder() throws Exception {
    Path a = Files.write(root.resolve("a.img"), new byte[] {1});
    Path b = Files.write(root.resolve("b.img"), new byte[] {1});
    FdBroker broker = new FdBroker(List.of(root));
    try (ExecFds exec = broker.forExec(List.of(broker.open(a, FdBroker.Access.READ_WRITE),
        broker.open(b, FdBroker.Access.READ_ONLY)))) {
      int fa = exec.fds().get(0).fd();
      int fb = exec.fds().get(1).fd();
      assertThat(exec.redirections(42, List.of(false, true)))
          .isEqualTo("exec 3<>/proc/42/fd/" + fa + " 4</proc/42/fd/" + fb);
      // what the shell does with it: QEMU finds the very files at fds 3 and 4
      long self = ProcessHandle.current().pid();
      Process p = new ProcessBuilder("/bin/bash", "-c", exec.redirections(self, List.of(false, true))
          + "; exec readlink /proc/self/fd/3 /proc/self/fd/4").start();
      assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo(a + "\n" + b + "\n");
    }
  }
}
