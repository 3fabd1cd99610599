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
  static final Path SAMPLES = Path.of("..", "manifests", "samples");
  @TempDir Path root;

  /**
   * Every sample names its files under namespace default's directory of the agent's default storage root,
   * so it works as it is with virtnode dev. The run itself moves that root into a temp dir: a VM a user
   * started from the samples with virtnode dev keeps its image, and the test never takes or removes it.
   */
  @Test void everySampleBecomesReadyAndIsCleanedUpOnDelete() throws Exception {
    String defaultRoot = new AgentSettings().allowedStorageRoots.get(0);
    List<String> paths = samplePaths();
    assertThat(paths).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith(defaultRoot + "/default/"));
    try (TestCluster cluster = TestCluster.start(root, 26400, "local")) {
      Path samples = Files.createDirectories(root.resolve("samples"));
      try (var files = Files.list(SAMPLES)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
          Files.writeString(samples.resolve(f.getFileName()), Files.readString(f)
              .replace(defaultRoot + "/", cluster.images.getParent() + "/"));
        }
      }
      List<Path> applied = Manifests.apply(cluster.client, samples);
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

  /** True for a manifest of kind VirtualMachine. */
  private static boolean isVirtualMachine(Path manifest) {
    try {
      return Files.readString(manifest).lines().anyMatch(l -> l.equals("kind: VirtualMachine"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Host paths the samples name: disks and char-device backends. */
  private static List<String> samplePaths() throws java.io.IOException {
    List<String> out = new java.util.ArrayList<>();
    try (var files = Files.list(SAMPLES)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        var node = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(f.toFile());
        for (var disk : node.path("spec").path("disks")) out.add(disk.path("path").asText());
        for (String list : List.of("serials", "consoles", "parallels", "channels")) {
          for (var dev : node.path("spec").path(list)) {
            var b = dev.path("backend");
            if (b.has("path")) out.add(b.path("path").asText());
          }
        }
      }
    }
    return out;
  }
}
