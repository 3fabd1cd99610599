package io.virtnode.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.node.domain.CharBackendSpec;
import io.virtnode.node.domain.CharDeviceSpec;
import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.files.FileOwner;
import io.virtnode.node.files.FileProbe;
import io.virtnode.node.files.FileRegistry;
import io.virtnode.node.files.FileRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage check on real files: by inode, per namespace, and never taking what the agent did not make. */
@Tag("isolation")
class FileOwnershipCheckTest {
  static final int QEMU_UID = 64055;
  static final FileOwner A = new FileOwner("uid-a", "default", "a");
  static final FileOwner B = new FileOwner("uid-b", "default", "b");
  @TempDir Path base;
  Path images;
  Path ns;
  FileRegistry registry;
  StorageCheck check;

  @BeforeEach
  void setUp() throws IOException {
    images = Files.createDirectories(base.resolve("images"));
    ns = Files.createDirectories(images.resolve("default"));
    registry = new FileRegistry(base.resolve("state"));
    check = new StorageCheck(new StorageRoots(List.of(StorageRoot.perNamespace(images))), FileOwnershipCheckTest::raw,
        registry, QEMU_UID);
  }

  static List<StorageCheck.Layer> raw(Path p) { return List.of(new StorageCheck.Layer(p, "raw")); }

  static DomainSpec vm(List<DiskSpec> disks, List<CharDeviceSpec> serials) {
    return new DomainSpec("default_x", "6f1c2a3e-0b1d-4c5e-9f00-112233445566", 1, 64, "pc", disks, List.of(),
        serials, List.of(), List.of(), List.of(), null, false);
  }

  static DiskSpec disk(Path p, boolean readOnly) {
    return new DiskSpec("root", p, false, DiskSpec.DiskFormat.RAW, DiskSpec.DiskBus.VIRTIO, readOnly);
  }

  static CharDeviceSpec serial(CharBackendSpec.Kind kind, Path p, boolean server) {
    return new CharDeviceSpec("serial0", new CharBackendSpec(kind, p, server));
  }

  private Path image(String name) throws IOException { return Files.writeString(ns.resolve(name), "disk-bytes"); }

  private List<StorageCheck.Problem> disks(FileOwner who, DiskSpec d) {
    return check.check(who, vm(List.of(d), List.of()), Set.of());
  }

  @Test
  void aHardLinkIsTheSameFileAndIsRefusedInEveryRole() throws IOException {
    Path outside = Files.writeString(base.resolve("host-secret"), "host");
    Path link = Files.createLink(ns.resolve("alias.img"), outside);
    FileProbe probe = new FileProbe();
    assertThat(probe.keyOf(link)).isEqualTo(probe.keyOf(outside));
    for (boolean ro : List.of(false, true)) {
      assertThat(disks(A, disk(link, ro))).singleElement().satisfies(p -> {
        assertThat(p.reason()).isEqualTo("HardLinked");
        assertThat(p.message()).contains(link.toString());
      });
    }
    assertThat(check.check(A, vm(List.of(), List.of(serial(CharBackendSpec.Kind.FILE, link, false))), Set.of()))
        .extracting(StorageCheck.Problem::reason).containsExactly("HardLinked");
  }

  @Test
  void aFileOnABindMountInsideTheRootIsRefused() throws Exception {
    Path outside = Files.createDirectories(base.resolve("elsewhere"));
    Files.writeString(outside.resolve("disk.img"), "x");
    // a tmpfs stands for "another filesystem": a bind of a dir of the same fs keeps its st_dev
    Path mnt = Files.createDirectories(ns.resolve("mnt"));
    run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", outside.toString());
    try {
      Files.writeString(outside.resolve("disk.img"), "x");
      run("mount", "--bind", outside.toString(), mnt.toString());
      try {
        assertThat(disks(A, disk(mnt.resolve("disk.img"), true))).extracting(StorageCheck.Problem::reason)
            .containsExactly("OtherFilesystem");
      } finally {
        run("umount", mnt.toString());
      }
    } finally {
      run("umount", outside.toString());
    }
  }

  @Test
  void aSerialFileOnAnotherVmsRunningDiskIsFileInUseNamingThatVm() throws IOException {
    Path d = image("a.img");
    assertThat(disks(A, disk(d, false))).isEmpty();
    registry.claim(A, new FileProbe().keyOf(d).orElseThrow(), FileRole.DISK_RW, d);
    var problems = check.check(B, vm(List.of(), List.of(serial(CharBackendSpec.Kind.FILE, d, false))), Set.of());
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.reason()).isEqualTo("FileInUse");
      assertThat(p.message()).contains("default/a").contains("uid-a");
    });
    assertThat(disks(B, disk(d, false))).extracting(StorageCheck.Problem::reason).containsExactly("FileInUse");
    assertThat(disks(B, disk(d, true))).as("read-only use of a writable disk").extracting(StorageCheck.Problem::reason)
        .containsExactly("FileInUse");
  }

  @Test
  void readOnlyDisksAreSharedButNeverWithAWriter() throws IOException {
    Path d = image("base.img");
    registry.claim(A, new FileProbe().keyOf(d).orElseThrow(), FileRole.DISK_RO, d);
    assertThat(disks(B, disk(d, true))).isEmpty();
    assertThat(disks(B, disk(d, false))).extracting(StorageCheck.Problem::reason).containsExactly("FileInUse");
  }

  @Test
  void createNeverAdoptsAForeignFileAndLeavesItAsItWas() throws IOException {
    Path d = image("foreign.img");
    Files.setAttribute(d, "unix:uid", 1000);
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rw-------"));
    var problems = check.check(A, vm(List.of(disk(d, false)), List.of()), Set.of(d));
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.reason()).isEqualTo("ForeignFile");
      assertThat(p.message()).contains("uid 1000");
    });
    assertThat(Files.getAttribute(d, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rw-------");
  }

  @Test
  void createAcceptsTheImageTheAgentMadeForThisVmOnly() throws IOException {
    Path d = image("made.img");
    registry.recordCreated(A, new FileProbe().keyOf(d).orElseThrow(), FileRole.DISK_RW, d);
    assertThat(check.check(A, vm(List.of(disk(d, false)), List.of()), Set.of(d))).isEmpty();
    assertThat(check.check(B, vm(List.of(disk(d, false)), List.of()), Set.of(d)))
        .extracting(StorageCheck.Problem::reason).containsExactly("ForeignFile");
  }

  @Test
  void consoleFilesMustBeTheQemuUsersOrMadeForThisVm() throws IOException {
    Path log = Files.writeString(ns.resolve("other-user.log"), "x");
    Files.setAttribute(log, "unix:uid", 1000);
    var spec = vm(List.of(), List.of(serial(CharBackendSpec.Kind.FILE, log, false)));
    assertThat(check.check(A, spec, Set.of())).extracting(StorageCheck.Problem::reason).containsExactly("ForeignFile");
    Files.setAttribute(log, "unix:uid", QEMU_UID);
    assertThat(check.check(A, spec, Set.of())).isEmpty();
    Path made = Files.writeString(ns.resolve("made-for-a.img"), "x");
    registry.recordCreated(A, new FileProbe().keyOf(made).orElseThrow(), FileRole.DISK_RW, made);
    assertThat(check.check(A, vm(List.of(), List.of(serial(CharBackendSpec.Kind.FILE, made, false))), Set.of()))
        .as("never a disk, even the VM's own").extracting(StorageCheck.Problem::reason).containsExactly("FileInUse");
    Path missing = ns.resolve("new.log");
    assertThat(check.check(A, vm(List.of(), List.of(serial(CharBackendSpec.Kind.FILE, missing, false))), Set.of()))
        .isEmpty();
  }

  @Test
  void aConsoleLogTheAgentMadeForADeletedVmServesALaterVmOfTheSameNamespaceOnly() throws IOException {
    Path log = Files.writeString(ns.resolve("console.log"), "old output\n");
    registry.recordCreated(A, new FileProbe().keyOf(log).orElseThrow(), FileRole.CHARDEV_FILE, log);
    var spec = vm(List.of(), List.of(serial(CharBackendSpec.Kind.FILE, log, false)));
    assertThat(check.check(B, spec, Set.of())).as("while A exists").extracting(StorageCheck.Problem::reason)
        .containsExactly("FileInUse");
    registry.dispose(A.uid(), List.of(), new FileProbe()); // console logs are not among the images to remove
    assertThat(log).exists();
    assertThat(check.check(B, spec, Set.of())).as("after A was deleted").isEmpty();
    FileOwner elsewhere = new FileOwner("uid-c", "other", "c");
    assertThat(registry.created(new FileProbe().keyOf(log).orElseThrow()).orElseThrow().owner().isReleased()).isTrue();
    assertThat(new FileRulesProbe().consoleProblems(registry, elsewhere, log)).containsExactly("FileInUse");
  }

  /** Runs the console rule directly (the namespace check of paths would refuse another namespace first). */
  static final class FileRulesProbe {
    List<String> consoleProblems(FileRegistry registry, FileOwner owner, Path p) throws IOException {
      List<StorageCheck.Problem> out = new java.util.ArrayList<>();
      FileRules rules = new FileRules(registry, new FileProbe(), QEMU_UID);
      rules.consoleFile(owner, "serial", p, new FileProbe().facts(p).orElseThrow(), out);
      return out.stream().map(StorageCheck.Problem::reason).toList();
    }
  }

  @Test
  void aStoppedVmsDiskNeverBecomesAConsole() throws IOException {
    Path d = image("stopped.img");
    Files.setAttribute(d, "unix:uid", QEMU_UID);
    registry.claim(A, new FileProbe().keyOf(d).orElseThrow(), FileRole.DISK_RW, d);
    registry.releaseAll(A.uid());
    assertThat(check.check(B, vm(List.of(), List.of(serial(CharBackendSpec.Kind.FILE, d, false))), Set.of()))
        .singleElement().satisfies(p -> assertThat(p.message()).contains("default/a"));
  }

  @Test
  void aUnixServerBindsOnlyWhereNothingExists() throws IOException {
    Path f = image("precious.img");
    assertThat(check.check(A, vm(List.of(), List.of(serial(CharBackendSpec.Kind.UNIX, f, true))), Set.of()))
        .extracting(StorageCheck.Problem::reason).containsExactly("FileExists");
    assertThat(check.check(A, vm(List.of(), List.of(serial(CharBackendSpec.Kind.UNIX, ns.resolve("s.sock"), true))),
        Set.of())).isEmpty();
    assertThat(check.check(A, vm(List.of(), List.of(serial(CharBackendSpec.Kind.UNIX, f, false))), Set.of()))
        .extracting(StorageCheck.Problem::reason).containsExactly("NotASocket");
  }

  @Test
  void aPipeBackendUsesFifosOnly() throws Exception {
    Path f = image("boot.img");
    assertThat(check.check(A, vm(List.of(), List.of(serial(CharBackendSpec.Kind.PIPE, f, false))), Set.of()))
        .extracting(StorageCheck.Problem::reason).containsExactly("NotAFifo");
    Path fifo = ns.resolve("console.pipe");
    run("mkfifo", fifo.toString());
    assertThat(check.check(A, vm(List.of(), List.of(serial(CharBackendSpec.Kind.PIPE, fifo, false))), Set.of()))
        .isEmpty();
    assertThat(check.check(A, vm(List.of(), List.of(serial(CharBackendSpec.Kind.PIPE, ns.resolve("none"), false))),
        Set.of())).extracting(StorageCheck.Problem::reason).containsExactly("PipeNotFound");
  }

  @Test
  void aVmUsesOnlyItsOwnNamespacesDirectory() throws IOException {
    Path other = Files.createDirectories(images.resolve("team-b"));
    Path theirs = Files.writeString(other.resolve("disk.img"), "b");
    assertThat(disks(A, disk(theirs, true))).singleElement().satisfies(p -> {
      assertThat(p.reason()).isEqualTo("OtherNamespace");
      assertThat(p.message()).contains(ns.toString());
    });
    Path top = Files.writeString(images.resolve("top.img"), "x");
    assertThat(disks(A, disk(top, true))).extracting(StorageCheck.Problem::reason).containsExactly("OtherNamespace");
  }

  @Test
  void aSharedReadOnlyRootServesEveryNamespaceForReadingOnly() throws IOException {
    Path library = Files.createDirectories(base.resolve("library"));
    Path golden = Files.writeString(library.resolve("debian.img"), "base");
    check = new StorageCheck(new StorageRoots(List.of(StorageRoot.perNamespace(images),
        new StorageRoot(library, StorageRoot.Mode.SHARED_READ_ONLY, null))), FileOwnershipCheckTest::raw, registry,
        QEMU_UID);
    assertThat(disks(A, disk(golden, true))).isEmpty();
    assertThat(disks(A, disk(golden, false))).extracting(StorageCheck.Problem::reason)
        .containsExactly("ReadOnlyStorage");
  }

  @Test
  void aBackingLayerOutsideTheNamespaceIsRefused() throws IOException {
    Path top = image("top.qcow2");
    Path foreign = Files.writeString(Files.createDirectories(images.resolve("team-b")).resolve("base.img"), "b");
    StorageCheck.ChainReader chain = p -> List.of(new StorageCheck.Layer(p, "qcow2"),
        new StorageCheck.Layer(foreign, "raw"));
    check = new StorageCheck(new StorageRoots(List.of(StorageRoot.perNamespace(images))), chain, registry, QEMU_UID);
    var d = new DiskSpec("root", top, false, DiskSpec.DiskFormat.QCOW2, DiskSpec.DiskBus.VIRTIO, false);
    assertThat(disks(A, d)).extracting(StorageCheck.Problem::reason).containsExactly("OtherNamespace");
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
  }
}
