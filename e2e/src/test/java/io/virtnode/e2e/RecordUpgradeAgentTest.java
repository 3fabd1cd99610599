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
 * images as createdFiles): it reconnects to the same QEMU, upgrades the record in place, and a delete still
 * releases everything the old agent took, the image it created included.
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
      Files.write(record, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(rec));
      cluster.startAgent("node-a");

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(Files.readString(record)).contains("\"schemaVersion\" : 1").doesNotContain("createdFiles"));
      assertThat(cluster.awaitCondition("old", "Ready", "True").getStatus().pid).isEqualTo(pid);
      assertThat(cluster.get("old").getStatus().conditions).noneMatch(c -> c.type.equals("RestartRequired"));

      cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("old").delete();
      await().atMost(Duration.ofSeconds(60)).until(() -> cluster.get("old") == null);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(image).as("the image the old agent created").doesNotExist();
      assertThat(record).doesNotExist();
    }
  }
}
