package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting a VM, and stopping the agent with its VMs (dev --cleanup), leave no runtime dir, pidfile or socket. */
@Tag("lifecycle")
class RuntimeDirCleanupTest {
  @TempDir Path root;
  TestCluster cluster;

  @AfterEach void close() {
    if (cluster != null) cluster.close();
  }

  private static List<Path> entries(Path dir) throws Exception {
    if (!Files.exists(dir)) return List.of();
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).toList();
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test void deletionAndCleanupLeaveTheRunDirEmpty() throws Exception {
    cluster = TestCluster.start(root, 26400, "node-a");
    Path runDir = Path.of(cluster.settings("node-a").runDir);
    cluster.create(Vms.minimal("kept", cluster.images.toString(), ""));
    cluster.create(Vms.minimal("deleted", cluster.images.toString(), ""));
    long kept = cluster.awaitCondition("kept", "Ready", "True").getStatus().pid;
    VirtualMachine deleted = cluster.awaitCondition("deleted", "Ready", "True");
    Path deletedDir = runDir.resolve(deleted.getMetadata().getUid());
    assertThat(deletedDir.resolve("monitor.sock")).exists();

    cluster.client.resource(deleted).delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> cluster.get("deleted") == null);
    assertThat(deletedDir).doesNotExist();

    cluster.stopAgentAndVms("node-a");
    assertThat(alive(kept)).isFalse();
    assertThat(entries(runDir)).isEmpty();
  }
}
