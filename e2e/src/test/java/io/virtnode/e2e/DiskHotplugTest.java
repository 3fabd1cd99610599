package io.virtnode.e2e;

import static io.virtnode.e2e.Hotplugs.addDisk;
import static io.virtnode.e2e.Hotplugs.blockNodes;
import static io.virtnode.e2e.Hotplugs.disk;
import static io.virtnode.e2e.Hotplugs.hasDiskStatus;
import static io.virtnode.e2e.Hotplugs.openInCgroup;
import static io.virtnode.e2e.Hotplugs.pciDevices;
import static io.virtnode.e2e.Hotplugs.removeDisk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.DiskBus;
import io.virtnode.api.v1alpha1.DiskType;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VmState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disks added to and removed from a running VM's spec through the API are hot-plugged into and unplugged from
 * its QEMU (no guest OS: SCSI unplugs need none; virtio-PCI unplugs need a guest, see GuestHotplugTest).
 */
@Tag("hotplug")
class DiskHotplugTest {
  @TempDir Path root;
  LoopDevices loops;

  @BeforeEach void loops() { loops = new LoopDevices(root); }

  @AfterEach void detachLoops() throws Exception { loops.close(); }

  @ParameterizedTest @ValueSource(strings = {"pc", "q35"})
  void aFileDiskAndALoopBlockDiskArePluggedAndUnpluggedOnScsi(String machine) throws Exception {
    try (TestCluster cluster = TestCluster.start(root, 27800, "node-a")) {
      cluster.create(Vms.minimal("hp", cluster.images.toString(), "machine: " + machine + "\nscsiControllers: [{}]"));
      VirtualMachine vm = cluster.awaitCondition("hp", "Ready", "True");
      long pid = vm.getStatus().pid;
      Path file = Files.write(cluster.images.resolve("data.img"), new byte[1 << 20]);
      String loop = loops.create("blk");
      Path node = cluster.images.resolve("blk");
      LoopDevices.mknod(node, loop);
      Path cg = Path.of("/sys/fs/cgroup/devices", TestCluster.CGROUP_PARENT, vm.getMetadata().getUid());
      assertThat(openInCgroup(cg, loop)).as("the block device before it is plugged").isNotZero();

      addDisk(cluster, "hp", disk("data", file, DiskType.File, DiskBus.scsi));
      addDisk(cluster, "hp", disk("blk", node, DiskType.Block, DiskBus.scsi));

      await().atMost(Duration.ofSeconds(60)).until(() -> hasDiskStatus(cluster.get("hp"), "data")
          && hasDiskStatus(cluster.get("hp"), "blk"));
      VirtualMachine plugged = cluster.awaitCondition("hp", "Ready", "True");
      assertThat(plugged.getStatus().pid).as("no restart").isEqualTo(pid);
      assertThat(plugged.getStatus().conditions).noneMatch(c -> c.type.equals("RestartRequired")
          || c.type.equals("HotplugFailed"));
      assertThat(Hotplugs.address(plugged, "disk-data")).startsWith("scsi:");
      assertThat(Hotplugs.address(plugged, "disk-blk")).startsWith("scsi:");
      assertThat(blockNodes(cluster, "node-a", plugged)).contains("disk-data", "disk-blk");
      assertThat(openInCgroup(cg, loop)).as("the block device while plugged").isZero();

      removeDisk(cluster, "hp", "data");
      removeDisk(cluster, "hp", "blk");

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(blockNodes(cluster, "node-a", plugged)).doesNotContain("disk-data", "disk-blk"));
      await().atMost(Duration.ofSeconds(30)).until(() -> Hotplugs.address(cluster.get("hp"), "disk-blk") == null
          && Hotplugs.address(cluster.get("hp"), "disk-data") == null);
      assertThat(openInCgroup(cg, loop)).as("the block device after the unplug").isNotZero();
      VirtualMachine after = cluster.get("hp");
      assertThat(after.getStatus().disks).extracting(d -> d.name).containsExactly("root");
      assertThat(after.getStatus().pid).isEqualTo(pid);
      assertThat(Files.readString(root.resolve("node-a/state/vms/" + vm.getMetadata().getUid() + ".json")))
          .doesNotContain("hotplug-");
    }
  }

  @ParameterizedTest @ValueSource(strings = {"pc", "q35"})
  void aVirtioDiskIsPluggedOnPciAndKeepsItsAddressAcrossARestart(String machine) throws Exception {
    try (TestCluster cluster = TestCluster.start(root, 27900, "node-a")) {
      cluster.create(Vms.minimal("pci", cluster.images.toString(), "machine: " + machine));
      VirtualMachine vm = cluster.awaitCondition("pci", "Ready", "True");
      Path file = Files.write(cluster.images.resolve("data.img"), new byte[1 << 20]);

      addDisk(cluster, "pci", disk("data", file, DiskType.File, DiskBus.virtio));

      await().atMost(Duration.ofSeconds(60)).until(() -> hasDiskStatus(cluster.get("pci"), "data"));
      VirtualMachine plugged = cluster.get("pci");
      String address = Hotplugs.address(plugged, "disk-data");
      assertThat(address).isEqualTo(machine.equals("pc") ? "pci:0x04" : "pcie-port:0");
      await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
          assertThat(pciDevices(cluster, "node-a", plugged)).contains("disk-data"));
      assertThat(blockNodes(cluster, "node-a", plugged)).contains("disk-data");

      cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("pci").edit(v -> {
        v.getSpec().state = VmState.Stopped;
        return v;
      });
      await().atMost(Duration.ofSeconds(60)).until(() -> pid(cluster) == 0);
      cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("pci").edit(v -> {
        v.getSpec().state = VmState.Running;
        return v;
      });
      VirtualMachine restarted = cluster.awaitCondition("pci", "Ready", "True");
      await().atMost(Duration.ofSeconds(60)).until(() -> pid(cluster) > 0 && pid(cluster) != vm.getStatus().pid);
      restarted = cluster.get("pci");
      assertThat(Hotplugs.address(restarted, "disk-data")).as("kept across the restart").isEqualTo(address);
      VirtualMachine now = restarted;
      await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
          assertThat(pciDevices(cluster, "node-a", now)).contains("disk-data"));
      if (machine.equals("pc")) assertThat(Hotplugs.pciSlot(cluster, "node-a", now, "disk-data")).isEqualTo(4);
    }
  }

  private static long pid(TestCluster cluster) {
    Long pid = cluster.get("pci").getStatus().pid;
    return pid == null ? 0 : pid;
  }
}
