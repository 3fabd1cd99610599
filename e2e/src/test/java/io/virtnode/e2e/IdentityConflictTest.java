package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VmState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime record that names VM default/a under the uid of VM default/b — what a restarted API server that
 * hands out uids again would leave behind — never lets b adopt, stop or delete anything of a.
 */
@Tag("api")
class IdentityConflictTest {
  @TempDir Path root;

  @Test void aVmWhoseUidIsRecordedForAnotherVmGetsIdentityConflictAndTheOtherIsUntouched() throws Exception {
    try (TestCluster cluster = TestCluster.start(root, 27100, "node-a")) {
      cluster.create(Vms.minimal("a", cluster.images.toString(), ""));
      VirtualMachine a = cluster.awaitCondition("a", "Ready", "True");
      long pidA = a.getStatus().pid;
      Path imageA = cluster.images.resolve("a.img");
      cluster.create(Vms.minimal("b", cluster.images.toString(), "state: Stopped"));
      String uidB = cluster.awaitCondition("b", "Ready", "False").getMetadata().getUid();

      // the collision, built on disk while the agent is down: a record for b's uid that names a, a's QEMU and a's image
      cluster.stopAgent("node-a");
      Path vms = root.resolve("node-a").resolve("state").resolve("vms");
      ObjectMapper json = new ObjectMapper();
      ObjectNode record = (ObjectNode) json.readTree(vms.resolve(a.getMetadata().getUid() + ".json").toFile());
      assertThat(record.path("claims").toString()).contains(imageA.toString());
      record.put("uid", uidB);
      Path forged = vms.resolve(uidB + ".json");
      Files.write(forged, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
      String forgedText = Files.readString(forged);
      cluster.startAgent("node-a");

      cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("b").edit(v -> {
        v.getSpec().state = VmState.Running;
        return v;
      });
      VirtualMachine b = cluster.awaitCondition("b", "IdentityConflict", "True");
      var ready = b.getStatus().conditions.stream().filter(c -> c.type.equals("Ready")).findFirst().orElseThrow();
      assertThat(ready.status).isEqualTo("False");
      assertThat(ready.reason).isEqualTo("IdentityConflict");
      assertThat(ready.message).contains("default/a");
      assertThat(b.getStatus().pid).as("b never adopts a's QEMU").isNull();
      assertThat(cluster.agent("node-a").orphans()).extracting(r -> r.uid()).containsExactly(uidB);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
          cluster.client.v1().events().inNamespace("default").list().getItems())
          .anyMatch(e -> "OrphanedVmRecords".equals(e.getReason()) && "node-a".equals(e.getInvolvedObject().getName())
              && e.getMessage().contains(uidB)));

      cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("b").delete();
      await().atMost(Duration.ofSeconds(60)).until(() -> cluster.get("b") == null);

      assertThat(ProcessHandle.of(pidA)).as("a's QEMU still runs").hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
      assertThat(imageA).as("a's image is not removed").exists();
      assertThat(forged).as("the record of the other VM is left alone").exists();
      assertThat(Files.readString(forged)).isEqualTo(forgedText);
      VirtualMachine after = cluster.awaitCondition("a", "Ready", "True");
      assertThat(after.getStatus().pid).isEqualTo(pidA);
    }
  }
}
