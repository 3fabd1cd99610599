package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Unix server char device is refused up front, saying QEMU runs unprivileged, where the QEMU user cannot
 * create its socket; in a directory that user may write, QEMU creates it and the VM runs.
 */
@Tag("isolation")
class CharDeviceDirTest {
  static final String QEMU_USER = "nobody"; // the agent's default qemuUser
  @TempDir static Path root;
  static TestCluster cluster;

  @BeforeAll static void start() throws Exception {
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x")); // QEMU must pass through
    cluster = TestCluster.start(root, 26600, "node-a");
  }

  @AfterAll static void stop() {
    if (cluster != null) cluster.close();
  }

  private static VirtualMachine withSocket(String name, Path socket) {
    return Vms.yaml("""
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata: {name: %s, namespace: default}
        spec:
          memory: 64Mi
          disks: [{name: root, path: %s/%s.img, create: {size: 16Mi}}]
          serials: [{name: console, backend: {type: Unix, path: %s, server: true}}]
        """.formatted(name, cluster.images, name, socket));
  }

  @Test void aServerSocketWhereQemuCannotWriteIsRefusedNamingTheQemuUser() {
    Path socket = cluster.images.resolve("root-owned.sock"); // the namespace dir: root, 0755
    cluster.create(withSocket("refused", socket));
    VirtualMachine vm = cluster.awaitCondition("refused", "Failed", "True");
    Condition c = vm.getStatus().conditions.stream().filter(x -> x.type.equals("Failed")).findFirst().orElseThrow();
    assertThat(c.reason).isEqualTo("SocketDirNotWritable");
    assertThat(c.message).contains("QEMU runs as " + QEMU_USER).contains(cluster.images.toString());
    assertThat(vm.getStatus().pid).as("no QEMU started").isNull();
    assertThat(socket).doesNotExist();
  }

  @Test void aServerSocketInADirectoryTheQemuUserOwnsIsCreatedByQemu() throws Exception {
    Path dir = Files.createDirectory(cluster.images.resolve("sockets"));
    UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(dir, users.lookupPrincipalByName(QEMU_USER));
    Path socket = dir.resolve("console.sock");
    cluster.create(withSocket("served", socket));
    VirtualMachine vm = cluster.awaitCondition("served", "Ready", "True");
    assertThat(vm.getStatus().pid).isPositive();
    assertThat((Boolean) Files.getAttribute(socket, "basic:isOther", LinkOption.NOFOLLOW_LINKS))
        .as("a socket, made by QEMU").isTrue();
    assertThat((Integer) Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS));
  }
}
