package io.virtnode.e2e;

import static io.virtnode.e2e.Hotplugs.addDisk;
import static io.virtnode.e2e.Hotplugs.blockNodes;
import static io.virtnode.e2e.Hotplugs.disk;
import static io.virtnode.e2e.Hotplugs.removeDisk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.DiskBus;
import io.virtnode.api.v1alpha1.DiskType;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.e2e.guest.TestGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real guest sees a disk added through the API arrive in /sys/block, and go again when it is removed. */
@Tag("hotplug")
class GuestHotplugTest {
  @TempDir Path root;

  @ParameterizedTest @ValueSource(strings = {"pc", "q35"})
  void theGuestSeesAHotpluggedVirtioDiskArriveAndGo(String machine) throws Exception {
    try (TestCluster cluster = TestCluster.start(root, 28400, "node-a")) {
      Path boot = TestGuest.copyTo(cluster.images.resolve("guest.img"));
      Path console = cluster.images.resolve("guest.console");
      Path data = Files.write(cluster.images.resolve("data.img"), new byte[1 << 20]);
      cluster.create(Vms.yaml("""
          apiVersion: virtnode.io/v1alpha1
          kind: VirtualMachine
          metadata: {name: guest, namespace: default}
          spec:
            machine: %s
            memory: 256Mi
            disks: [{name: boot, path: %s}]
            serials: [{name: ttys0, backend: {type: File, path: %s}}]
          """.formatted(machine, boot, console)));
      cluster.awaitCondition("guest", "Ready", "True");
      await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
          .until(() -> lastBlockLine(console).equals("vda"));

      addDisk(cluster, "guest", disk("data", data, DiskType.File, DiskBus.virtio));
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
          .until(() -> lastBlockLine(console).equals("vda vdb"));
      VirtualMachine plugged = cluster.get("guest");
      assertThat(blockNodes(cluster, "node-a", plugged)).contains("disk-data");

      removeDisk(cluster, "guest", "data");
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
          .until(() -> lastBlockLine(console).equals("vda"));
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(blockNodes(cluster, "node-a", cluster.get("guest"))).doesNotContain("disk-data"));
      assertThat(cluster.get("guest").getStatus().pid).isEqualTo(plugged.getStatus().pid);
    }
  }

  /** The devices of the guest's last GUEST-BLOCK line, or "" before it printed one. */
  private static String lastBlockLine(Path console) throws Exception {
    if (!Files.exists(console)) return "";
    List<String> lines = Files.readAllLines(console).stream().filter(l -> l.startsWith("GUEST-BLOCK:")).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1).substring("GUEST-BLOCK:".length()).trim();
  }
}
