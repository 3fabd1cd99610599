package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.api.v1alpha1.VirtualMachine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the API only: a VM never writes into, takes or aliases another VM's or the host's files. Each
 * attempt ends in a Failed condition with a reason naming the problem, and the host is as it was.
 */
@Tag("isolation")
class FileOwnershipTest {
  @TempDir static Path root;
  static TestCluster cluster;

  @BeforeAll static void start() throws IOException {
    cluster = TestCluster.start(root, 27300, "node-a");
  }

  @AfterAll static void stop() {
    if (cluster != null) cluster.close();
  }

  private static String sha256(Path p) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(p)) {
      md.update(in.readAllBytes());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String ownerAndMode(Path p) throws IOException {
    return Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + " "
        + PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static io.virtnode.api.v1alpha1.Condition failed(String name) {
    VirtualMachine vm = cluster.awaitCondition(name, "Failed", "True");
    assertThat(vm.getStatus().pid).as("no QEMU started").isNull();
    return vm.getStatus().conditions.stream().filter(c -> c.type.equals("Failed")).findFirst().orElseThrow();
  }

  @Test void aSerialFilePointedAtAnotherVmsRunningDiskIsRefusedNamingThatVm() throws Exception {
    Path disk = cluster.images.resolve("victim.img");
    Files.write(disk, new byte[1 << 20]);
    cluster.create(Vms.withDisk("victim", "{name: root, path: %s}".formatted(disk)));
    cluster.awaitCondition("victim", "Ready", "True");
    String before = sha256(disk);
    String ownerBefore = ownerAndMode(disk);

    cluster.create(Vms.yaml("""
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata: {name: intruder, namespace: default}
        spec:
          memory: 64Mi
          disks: [{name: root, path: %s/intruder.img, create: {size: 16Mi}}]
          serials: [{name: console, backend: {type: File, path: %s}}]
        """.formatted(cluster.images, disk)));
    var c = failed("intruder");
    assertThat(c.reason).isEqualTo("FileInUse");
    assertThat(c.message).contains("default/victim").contains(disk.toString());
    assertThat(sha256(disk)).as("the victim's image is unchanged").isEqualTo(before);
    assertThat(ownerAndMode(disk)).isEqualTo(ownerBefore);
    assertThat(cluster.get("victim").getStatus().pid).as("the victim still runs").isNotNull();
    assertThat(cluster.images.resolve("intruder.img")).as("nothing created for a refused VM").doesNotExist();
  }

  @Test void createOverAForeignFileIsRefusedAndTheFileKeepsItsOwnerAndMode() throws Exception {
    Path foreign = cluster.images.resolve("someones.img");
    Files.writeString(foreign, "not yours");
    Files.setAttribute(foreign, "unix:uid", 1000);
    Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("rw-------"));
    String before = sha256(foreign);
    cluster.create(Vms.withDisk("adopter", "{name: root, path: %s, create: {size: 16Mi}}".formatted(foreign)));
    var c = failed("adopter");
    assertThat(c.reason).isEqualTo("ForeignFile");
    assertThat(c.message).contains(foreign.toString()).contains("never adopts");
    assertThat(ownerAndMode(foreign)).isEqualTo("1000 rw-------");
    assertThat(sha256(foreign)).isEqualTo(before);
  }

  @Test void aHardLinkIntoTheRootIsRefusedAndTheOutsideFileIsUntouched() throws Exception {
    Path outside = Files.createDirectories(root.resolve("host-only")).resolve("secret");
    Files.writeString(outside, "host secret");
    Files.setAttribute(outside, "unix:uid", 1000);
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-------"));
    Path link = Files.createLink(cluster.images.resolve("linked.img"), outside);
    cluster.create(Vms.withDisk("linker", "{name: root, path: %s, readOnly: true}".formatted(link)));
    var c = failed("linker");
    assertThat(c.reason).isEqualTo("HardLinked");
    assertThat(c.message).contains(link.toString());
    assertThat(ownerAndMode(outside)).isEqualTo("1000 rw-------");
  }

  @Test void aVmCannotNameAFileInAnotherNamespacesDirectory() throws Exception {
    Path theirs = Files.createDirectories(cluster.images.getParent().resolve("team-b")).resolve("disk.img");
    Files.write(theirs, new byte[1 << 20]);
    String before = ownerAndMode(theirs);
    cluster.create(Vms.withDisk("trespasser", "{name: root, path: %s}".formatted(theirs)));
    var c = failed("trespasser");
    assertThat(c.reason).isEqualTo("OtherNamespace");
    assertThat(c.message).contains(cluster.images.toString());
    assertThat(ownerAndMode(theirs)).isEqualTo(before);
  }
}
