package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.api.v1alpha1.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent upgraded over a running VM whose record is in the format before schema versions (no claims, created
 * images as createdFiles, only a hash of the spec): it reconnects to the same QEMU, asks for no restart,
 * upgrades the record in place, hot-plugs a disk added to the spec, and a delete still releases everything the
 * old agent took, the image it created included.
 */
@Tag("lifecycle")
class RecordUpgradeAgentTest {
  @TempDir Path root;

  @Test void anAgentUpgradeOverARecordOfThePreviousFormatKeepsTheVmAndCanStillReleaseIt() throws Exception {
    try (TestCluster cluster = TestCluster.start(root, 27500, "node-a")) {
      cluster.create(Vms.minimal("old", cluster.images.toString(), ""));
      VirtualMachine vm = cluster.awaitCondition("old", "Ready", "True");
      long pid = vm.getStatus().pid;
      Path image = cluster.images.resolve("old.img");
      Path record = root.resolve("node-a/state/vms/" + vm.getMetadata().getUid() + ".json");

      cluster.stopAgent("node-a");
      ObjectMapper json = new ObjectMapper();
      ObjectNode rec = (ObjectNode) json.readTree(record.toFile());
      rec.remove(java.util.List.of("schemaVersion", "claims", "deviceAcl", "job"));
      rec.putArray("createdFiles").add(image.toString());
      ((ObjectNode) rec.get("process")).remove("runningSpec"); // the previous format held only the spec's hash
      Files.write(record, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(rec));
      cluster.startAgent("node-a");

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(Files.readString(record)).contains("\"schemaVersion\" : 1").doesNotContain("createdFiles"));
      assertThat(cluster.awaitCondition("old", "Ready", "True").getStatus().pid).isEqualTo(pid);
      assertThat(cluster.get("old").getStatus().conditions).noneMatch(c -> c.type.equals("RestartRequired"));

      Path data = Files.write(cluster.images.resolve("data.img"), new byte[1 << 20]);
      Hotplugs.addDisk(cluster, "old", Hotplugs.disk("data", data, io.virtnode.api.v1alpha1.DiskType.File,
          io.virtnode.api.v1alpha1.DiskBus.virtio));
      await().atMost(Duration.ofSeconds(60)).until(() -> Hotplugs.hasDiskStatus(cluster.get("old"), "data"));
      assertThat(cluster.get("old").getStatus().pid).as("hot-plugged into the same QEMU").isEqualTo(pid);
      assertThat(cluster.get("old").getStatus().conditions).noneMatch(c -> c.type.equals("RestartRequired"));
      assertThat(Files.readString(record)).as("the record now holds the running spec").contains("runningSpec");

      cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("old").delete();
      await().atMost(Duration.ofSeconds(60)).until(() -> cluster.get("old") == null);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(image).as("the image the old agent created").doesNotExist();
      assertThat(record).doesNotExist();
    }
  }
}
