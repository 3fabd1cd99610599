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
    List<Path> consoles = sampleConsoleFiles();
    // Console logs outlive their VM; ones a run of this test left with another agent's state are not this
    // agent's to append to, so the test removes its own leftovers before and after.
    for (Path c : consoles) Files.deleteIfExists(c);
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
    } finally {
      for (Path c : consoles) Files.deleteIfExists(c);
    }
  }

  /** True for a manifest of kind VirtualMachine. */
  private static boolean isVirtualMachine(Path manifest) {
    try {
      return Files.readString(manifest).lines().anyMatch(l -> l.equals("kind: VirtualMachine"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** File-backed char devices of the samples. */
  private static List<Path> sampleConsoleFiles() throws java.io.IOException {
    List<Path> out = new java.util.ArrayList<>();
    try (var files = Files.list(Path.of("..", "manifests", "samples"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        var node = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(f.toFile());
        for (String list : List.of("serials", "consoles", "parallels", "channels")) {
          for (var dev : node.path("spec").path(list)) {
            var b = dev.path("backend");
            if (b.path("type").asText().equals("File")) out.add(Path.of(b.path("path").asText()));
          }
        }
      }
    }
    return out;
  }
}
