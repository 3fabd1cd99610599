package io.virtnode.node.pci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host scan over a made-up /sys, /proc and / in a temp dir: device-mapper slaves, partitions, loop
 * backing files, swap partitions, escaped mount points, and interfaces that are up, down or carry the route.
 */
@Tag("hostdevice")
class HostCriticalScannerTest {
  private static final String NVME = "0000:3b:00.0";
  private static final String ROOT_PORT = "0000:00:1d.0";
  private static final String SATA = "0000:00:17.0";
  private static final String NIC_UP = "0000:00:1f.6";
  private static final String NIC_DOWN = "0000:02:00.0";
  private static final String NIC_ROUTE = "0000:02:00.1";

  @TempDir Path tmp;

  private Path sys() { return tmp.resolve("sys"); }

  /** A block device dir under a PCI path, and its /sys/dev/block/M:m link. */
  private Path block(String pciPath, String name, int major, int minor) throws IOException {
    Path dir = Files.createDirectories(sys().resolve("devices/pci0000:00/" + pciPath + "/" + name));
    Files.writeString(dir.resolve("dev"), major + ":" + minor + "\n");
    link(sys().resolve("dev/block/" + major + ":" + minor), dir);
    return dir;
  }

  private Path virtualBlock(String name, int major, int minor) throws IOException {
    Path dir = Files.createDirectories(sys().resolve("devices/virtual/block/" + name));
    link(sys().resolve("dev/block/" + major + ":" + minor), dir);
    return dir;
  }

  private static void link(Path at, Path target) throws IOException {
    Files.createDirectories(at.getParent());
    Files.createSymbolicLink(at, at.getParent().relativize(target));
  }

  private void net(String pciPath, String name, int flags, String operstate) throws IOException {
    Path dir = Files.createDirectories(sys().resolve("devices/pci0000:00/" + pciPath + "/net/" + name));
    Files.writeString(dir.resolve("flags"), String.format("0x%x%n", flags));
    Files.writeString(dir.resolve("operstate"), operstate + "\n");
    link(sys().resolve("class/net/" + name), dir);
  }

  private void proc(String file, String... lines) throws IOException {
    Path p = tmp.resolve("proc/" + file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, String.join("\n", lines) + "\n");
  }

  private void mknodBlock(String hostPath, int major, int minor) throws Exception {
    Path node = tmp.resolve("host" + hostPath);
    Files.createDirectories(node.getParent());
    Process p = new ProcessBuilder("mknod", node.toString(), "b", "" + major, "" + minor).inheritIO().start();
    assertThat(p.waitFor()).as("mknod (needs root)").isZero();
  }

  private HostCriticality scan() throws IOException {
    return new HostCriticalScanner(sys(), tmp.resolve("proc"), tmp.resolve("host")).scan();
  }

  @Test
  void aFilesystemOnDeviceMapperOverANvmePartitionMakesTheNvmeAndItsRootPortCritical() throws Exception {
    Path nvme = block(ROOT_PORT + "/" + NVME + "/nvme/nvme0", "nvme0n1", 259, 0);
    Path part = Files.createDirectories(nvme.resolve("nvme0n1p2"));
    Files.writeString(part.resolve("partition"), "2\n");
    link(sys().resolve("dev/block/259:2"), part);
    Path dm = virtualBlock("dm-0", 253, 0);
    link(dm.resolve("slaves/nvme0n1p2"), part);
    block(SATA + "/ata1/host0/target0:0:0/0:0:0:0/block", "sda", 8, 0);
    proc("self/mountinfo",
        "27 1 253:0 / /var/lib\\040data rw,relatime shared:1 - xfs /dev/mapper/vg-data rw",
        "28 1 0:25 / /run rw - tmpfs tmpfs rw");
    HostCriticality host = scan();
    HostDependency fs = new HostDependency(HostDependency.Kind.FILESYSTEM, "/var/lib data",
        "xfs from /dev/mapper/vg-data");
    assertThat(host.of(PciAddress.parse(NVME))).containsExactly(fs);
    assertThat(host.of(PciAddress.parse(ROOT_PORT))).containsExactly(fs);
    assertThat(host.isCritical(PciAddress.parse(SATA))).as("nothing is mounted from sda").isFalse();
  }

  @Test
  void aSwapPartitionAndALoopBackedMountReachTheirDisks() throws Exception {
    Path sda = block(SATA + "/ata1/host0/target0:0:0/0:0:0:0/block", "sda", 8, 0);
    Path sda3 = Files.createDirectories(sda.resolve("sda3"));
    Files.writeString(sda3.resolve("partition"), "3\n");
    link(sys().resolve("dev/block/8:3"), sda3);
    mknodBlock("/dev/sda3", 8, 3);
    // a loop device whose backing file sits on the filesystem of the temp dir's own disk
    Path backing = Files.writeString(Files.createDirectories(tmp.resolve("host/images")).resolve("disk.img"), "x");
    long dev = ((Number) Files.getAttribute(backing, "unix:dev")).longValue();
    Path loop = virtualBlock("loop7", 7, 7);
    Files.createDirectories(loop.resolve("loop"));
    Files.writeString(loop.resolve("loop/backing_file"), "/images/disk.img\n");
    Path hostDisk = block(NVME + "/nvme/nvme0", "nvme0n1", BlockDeviceChain.major(dev), BlockDeviceChain.minor(dev));
    proc("swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority", "/dev/sda3  partition\t8388604\t0\t-2");
    proc("self/mountinfo", "40 1 7:7 / /mnt/img rw - ext4 /dev/loop7 rw");
    HostCriticality host = scan();
    assertThat(host.of(PciAddress.parse(SATA))).containsExactly(
        new HostDependency(HostDependency.Kind.SWAP, "/dev/sda3", "active partition"));
    assertThat(host.of(PciAddress.parse(NVME))).containsExactly(
        new HostDependency(HostDependency.Kind.FILESYSTEM, "/mnt/img", "ext4 from /dev/loop7"));
    assertThat(hostDisk).exists();
  }

  @Test
  void interfacesThatAreUpOrCarryTheDefaultRouteAreCriticalAndDownOnesAreNot() throws Exception {
    net(NIC_UP, "eno1", 0x1003, "up");
    net(NIC_DOWN, "enp2s0f0", 0x1002, "down");
    net(NIC_ROUTE, "enp2s0f1", 0x1002, "down");
    Files.createDirectories(sys().resolve("devices/virtual/net/lo"));
    link(sys().resolve("class/net/lo"), sys().resolve("devices/virtual/net/lo"));
    proc("net/route", "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
        "enp2s0f1\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
        "eno1\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0");
    proc("net/ipv6_route",
        "00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000"
            + " ffffffff 00000001 00000000 00200200       lo");
    HostCriticality host = scan();
    assertThat(host.of(PciAddress.parse(NIC_UP))).containsExactly(
        new HostDependency(HostDependency.Kind.NETWORK_INTERFACE, "eno1", "up"));
    assertThat(host.of(PciAddress.parse(NIC_ROUTE))).containsExactly(
        new HostDependency(HostDependency.Kind.NETWORK_INTERFACE, "enp2s0f1", "carries the default route"));
    assertThat(host.isCritical(PciAddress.parse(NIC_DOWN))).isFalse();
    assertThat(host.dependencies()).hasSize(2);
  }

  @Test
  void mountinfoEscapesAndMalformedLinesAreHandled() {
    assertThat(Mountinfo.parse("36 35 98:0 /mnt1 /a\\040b\\134c rw,noatime master:1 - ext3 /dev/root rw"))
        .contains(new Mountinfo(98, 0, "/a b\\c", "ext3", "/dev/root"));
    assertThat(Mountinfo.parse("garbage")).isEmpty();
    assertThat(Mountinfo.unescape("tail\\04")).isEqualTo("tail\\04");
    assertThat(List.of(BlockDeviceChain.major(0x10300L), BlockDeviceChain.minor(0x10300L))).containsExactly(259, 0);
  }
}
