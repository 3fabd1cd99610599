package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VmState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each QEMU runs confined: unprivileged, in its own cgroup with a device ACL, its files labelled and given back. */
@Tag("isolation")
class IsolationTest {
  static final int NOBODY = 65534;
  @TempDir static Path root;
  static TestCluster cluster;
  LoopDevices loops;

  @BeforeAll static void start() throws IOException {
    cluster = TestCluster.start(root, 26600, "node-a");
  }

  @AfterAll static void stop() {
    if (cluster != null) cluster.close();
  }

  @org.junit.jupiter.api.BeforeEach void loops() {
    loops = new LoopDevices(root);
  }

  @AfterEach void detachLoops() throws Exception {
    loops.close();
  }

  private static int owner(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  private static String procField(long pid, String file, String prefix) throws IOException {
    return Files.readAllLines(Path.of("/proc", Long.toString(pid), file)).stream().filter(l -> l.startsWith(prefix))
        .findFirst().orElse("");
  }

  private static void setState(String name, VmState state) {
    cluster.client.resources(VirtualMachine.class).inNamespace("default").withName(name).edit(v -> {
      v.getSpec().state = state;
      return v;
    });
  }

  private static void awaitStopped(String name) {
    await().atMost(Duration.ofSeconds(60)).until(() -> "Stopped".equals(cluster.get(name).getStatus().state));
  }

  @Test void qemuRunsUnprivilegedInItsOwnCgroupAndFilesAreGivenBack() throws IOException {
    Path disk = cluster.images.resolve("owned.img");
    Files.write(disk, new byte[1 << 20]);
    Files.setAttribute(disk, "unix:uid", 1234);
    Files.setPosixFilePermissions(disk, PosixFilePermissions.fromString("rw-r-----"));
    cluster.create(Vms.withDisk("owned", "{name: root, path: %s}".formatted(disk)));
    VirtualMachine vm = cluster.awaitCondition("owned", "Ready", "True");
    long pid = vm.getStatus().pid;
    String uid = vm.getMetadata().getUid();
    assertThat(procField(pid, "status", "Uid:")).matches("Uid:\\s+" + NOBODY + "\\s+" + NOBODY + ".*");
    assertThat(procField(pid, "status", "NoNewPrivs:")).endsWith("1");
    assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "cgroup")))
        .contains(":devices:/" + TestCluster.CGROUP_PARENT + "/" + uid)
        .contains(":memory:/" + TestCluster.CGROUP_PARENT + "/" + uid);
    Path memLimit = Path.of("/sys/fs/cgroup/memory", TestCluster.CGROUP_PARENT, uid, "memory.limit_in_bytes");
    assertThat(Long.parseLong(Files.readString(memLimit).trim())).isEqualTo((64L + 256) << 20);
    String devices = Files.readString(Path.of("/sys/fs/cgroup/devices", TestCluster.CGROUP_PARENT, uid,
        "devices.list"));
    assertThat(devices).contains("c 1:3 rw").doesNotContain("a *:* rwm");
    assertThat(owner(disk)).as("disk handed to the QEMU user").isEqualTo(NOBODY);
    String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
    assertThat(cmdline).as("the disk reaches QEMU as an fd the agent opened, not by path")
        .contains("-add-fd fd=3,set=1,opaque=disk-root").contains("filename=/dev/fdset/1")
        .doesNotContain("filename=" + disk);
    try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      assertThat(fds.map(f -> {
        try {
          return Files.readSymbolicLink(f).toString();
        } catch (IOException e) {
          return "";
        }
      }).toList()).contains(disk.toString());
    }
    Path runDir = root.resolve("node-a/state/run").resolve(uid);
    assertThat(owner(runDir)).isEqualTo(NOBODY);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir))).isEqualTo("rwx------");

    setState("owned", VmState.Stopped);
    awaitStopped("owned");
    assertThat(owner(disk)).as("original owner back").isEqualTo(1234);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(disk))).isEqualTo("rw-r-----");
    assertThat(Path.of("/sys/fs/cgroup/devices", TestCluster.CGROUP_PARENT, uid)).doesNotExist();
  }

  @Test void aFileTwoVmsUseKeepsItsLabelUntilTheLastOneStops() throws IOException {
    Path shared = cluster.images.resolve("shared-base.img");
    Files.write(shared, new byte[1 << 20]);
    for (String n : List.of("reader-1", "reader-2")) {
      cluster.create(Vms.withDisk(n, "{name: base, path: %s, readOnly: true}".formatted(shared)));
      cluster.awaitCondition(n, "Ready", "True");
    }
    assertThat(owner(shared)).isEqualTo(NOBODY);
    setState("reader-1", VmState.Stopped);
    awaitStopped("reader-1");
    assertThat(owner(shared)).as("still used by reader-2").isEqualTo(NOBODY);
    setState("reader-2", VmState.Stopped);
    awaitStopped("reader-2");
    assertThat(owner(shared)).as("last user gone").isZero();
  }

  @Test void aBlockDiskIsInTheDeviceAclAndAnotherDeviceIsNot() throws Exception {
    String mine = loops.create("mine");
    String other = loops.create("other");
    Path node = cluster.images.resolve("blockdisk");
    String[] mm = LoopDevices.numbers(mine);
    LoopDevices.mknod(node, mine);
    cluster.create(Vms.withDisk("blocky", "{name: root, type: Block, path: %s}".formatted(node)));
    VirtualMachine vm = cluster.awaitCondition("blocky", "Ready", "True");
    String devices = Files.readString(Path.of("/sys/fs/cgroup/devices", TestCluster.CGROUP_PARENT, vm.getMetadata().getUid(),
        "devices.list"));
    String[] om = LoopDevices.numbers(other);
    assertThat(devices).contains("b " + mm[0] + ":" + mm[1] + " rw").doesNotContain("b " + om[0] + ":" + om[1]);
    setState("blocky", VmState.Stopped);
    awaitStopped("blocky");
  }

  @Test void aMonitorSocketSwappedForAnotherVmsIsRefusedAndNoSecondQemuStarts() throws IOException {
    for (String n : List.of("victim-a", "bystander-b")) {
      cluster.create(Vms.minimal(n, cluster.images.toString(), ""));
    }
    VirtualMachine a = cluster.awaitCondition("victim-a", "Ready", "True");
    VirtualMachine b = cluster.awaitCondition("bystander-b", "Ready", "True");
    Path run = root.resolve("node-a/state/run");
    Path aSock = run.resolve(a.getMetadata().getUid()).resolve("monitor.sock");
    Path bSock = run.resolve(b.getMetadata().getUid()).resolve("monitor.sock");
    cluster.stopAgent("node-a");
    Files.delete(aSock); // what a compromised QEMU running as the QEMU user could do in its own directory
    Files.createSymbolicLink(aSock, bSock);
    cluster.startAgent("node-a");

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      VirtualMachine now = cluster.get("victim-a");
      var ready = now.getStatus().conditions.stream().filter(c -> c.type.equals("Ready")).findFirst().orElseThrow();
      assertThat(ready.reason).isEqualTo("MonitorUnreachable");
      assertThat(now.getStatus().pid).isEqualTo(a.getStatus().pid);
    });
    assertThat(cluster.agent("node-a").runtime().observe(b.getMetadata().getUid()).running()).isTrue();
    assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
        .contains("guest=default_victim-a")).count()).as("QEMUs of victim-a").isEqualTo(1);

    setState("victim-a", VmState.Stopped); // stopped by signal, since its monitor cannot be used
    awaitStopped("victim-a");
    assertThat(ProcessHandle.of(a.getStatus().pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(cluster.get("bystander-b").getStatus().state).isEqualTo("Running");
  }

}
