package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.operator.AgentSettings;
import io.virtnode.operator.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every sample works as it is with the agent's default storage root, as virtnode dev runs it. */
@Tag("lifecycle")
class SamplesTest {
  @TempDir Path root;

  @Test void everySampleBecomesReadyAndIsCleanedUpOnDelete() throws Exception {
    String defaultRoot = new AgentSettings().allowedStorageRoots.get(0);
    Files.createDirectories(Path.of(defaultRoot, "default")); // namespace default's directory, as virtnode dev makes it
    try (TestCluster cluster = TestCluster.start(root, 26400, List.of(defaultRoot), "local")) {
      List<Path> applied = Manifests.apply(cluster.client, Path.of("..", "manifests", "samples"));
      assertThat(applied).isNotEmpty();
      List<VirtualMachine> vms = cluster.client.resources(VirtualMachine.class).inNamespace("default").list()
          .getItems();
      long vmFiles = applied.stream().filter(SamplesTest::isVirtualMachine).count();
      assertThat(vms).hasSize((int) vmFiles);
      for (VirtualMachine vm : vms) {
        cluster.awaitCondition(vm.getMetadata().getName(), "Ready", "True");
      }
      for (VirtualMachine vm : vms) {
        cluster.client.resource(vm).delete();
        await().atMost(Duration.ofSeconds(90)).until(() -> cluster.get(vm.getMetadata().getName()) == null);
        for (var d : vm.getSpec().disks) {
          if (d.create != null) assertThat(Path.of(d.path)).as("image the agent created").doesNotExist();
        }
      }
    }
  }

  private static boolean isVirtualMachine(Path manifest) {
    try {
      return Files.readString(manifest).lines().anyMatch(l -> l.equals("kind: VirtualMachine"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
