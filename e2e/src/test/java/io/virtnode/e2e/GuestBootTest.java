package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.e2e.guest.TestGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test guest boots through the API under TCG and reports its disk on the serial console. */
@Tag("guest")
class GuestBootTest {
  @TempDir static Path root;
  static TestCluster cluster;

  @BeforeAll static void start() throws Exception {
    cluster = TestCluster.start(root, 6300, "node-a");
  }

  @AfterAll static void stop() {
    if (cluster != null) cluster.close();
  }

  @Test void guestSeesItsBootDiskAndPrintsOnTheSerialFile() throws Exception {
    Path disk = TestGuest.copyTo(cluster.images.resolve("guest.img"));
    Path console = cluster.images.resolve("guest.console");
    cluster.create(Vms.yaml("""
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata: {name: guest, namespace: default}
        spec:
          memory: 256Mi
          disks: [{name: boot, path: %s}]
          serials: [{name: ttys0, backend: {type: File, path: %s}}]
        """.formatted(disk, console)));
    cluster.awaitCondition("guest", "Ready", "True");
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
        .until(() -> Files.exists(console) && Files.readString(console).contains("GUEST-BLOCK: vda"));
    assertThat(Files.readString(console)).contains("GUEST-READY");
  }
}
