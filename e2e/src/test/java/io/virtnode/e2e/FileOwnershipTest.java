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

  private static VirtualMachine withSerial(String name, String backendYaml) {
    return Vms.yaml("""
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata: {name: %s, namespace: default}
        spec:
          memory: 64Mi
          disks: [{name: root, path: %s/%s.img, create: {size: 16Mi}}]
          serials: [{name: console, backend: %s}]
        """.formatted(name, cluster.images, name, backendYaml));
  }

  @Test void aUnixServerOverAnExistingFileIsRefusedAndTheFileKeepsItsContent() throws Exception {
    Path precious = Files.writeString(cluster.images.resolve("precious.dat"), "keep me");
    cluster.create(withSerial("binder", "{type: Unix, path: %s, server: true}".formatted(precious)));
    var c = failed("binder");
    assertThat(c.reason).isEqualTo("FileExists");
    assertThat(Files.isRegularFile(precious, LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.readString(precious)).isEqualTo("keep me");
  }

  @Test void aPipeBackendOnARegularFileIsRefused() throws Exception {
    Path boot = cluster.images.resolve("bootsector.img");
    Files.write(boot, new byte[4096]);
    String before = sha256(boot);
    cluster.create(withSerial("piper", "{type: Pipe, path: %s}".formatted(boot)));
    var c = failed("piper");
    assertThat(c.reason).isEqualTo("NotAFifo");
    assertThat(sha256(boot)).isEqualTo(before);
  }

  @Test void deletingTheVmThatCreatedAnImageKeepsItWhileAnotherVmRunsOnIt() throws Exception {
    cluster.create(Vms.minimal("maker", cluster.images.toString(), ""));
    cluster.awaitCondition("maker", "Ready", "True");
    Path image = cluster.images.resolve("maker.img");
    cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("maker").edit(v -> {
      v.getSpec().state = io.virtnode.api.v1alpha1.VmState.Stopped;
      return v;
    });
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
        .until(() -> "Stopped".equals(cluster.get("maker").getStatus().state));
    cluster.create(Vms.withDisk("user", "{name: root, path: %s}".formatted(image)));
    cluster.awaitCondition("user", "Ready", "True");

    cluster.client.resource(cluster.get("maker")).delete();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> cluster.get("maker") == null);
    assertThat(image).as("still used by VM user").exists();
    assertThat(cluster.get("user").getStatus().pid).isNotNull();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(cluster.client.v1().events().inNamespace("default").list().getItems())
            .anySatisfy(e -> {
              assertThat(e.getInvolvedObject().getName()).isEqualTo("maker");
              assertThat(e.getReason()).isEqualTo("Released");
              assertThat(e.getMessage()).contains(image.toString()).contains("kept").contains("default/user");
            }));
  }
}
