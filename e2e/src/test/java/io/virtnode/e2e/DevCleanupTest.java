package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.virtnode.api.v1alpha1.VirtualMachine;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code virtnode dev --cleanup}, stopped by SIGTERM, ends its QEMUs and leaves its runDir empty. */
@Tag("api")
class DevCleanupTest {
  @TempDir Path root;

  @Test void cleanupOnExitLeavesNoRuntimeDirPidfileOrSocket() throws Exception {
    Path jar = Path.of("..", "operator", "target", "virtnode.jar").toAbsolutePath().normalize();
    assertThat(jar).as("the packaged jar; build it with mvn -pl operator -am package -DskipTests").exists();
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path images = Files.createDirectories(root.resolve("images"));
    Path runDir = root.resolve("run");
    Path config = root.resolve("agent.yaml");
    Files.writeString(config, """
        allowedStorageRoots: [%s]
        runDir: %s
        cgroupParent: %s-cleanup
        vncPortMin: 27700
        vncPortMax: 27799
        stopGracePeriodSeconds: 1
        """.formatted(images, runDir, TestCluster.CGROUP_PARENT));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = root.resolve("dev.log");
    Process dev = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString(),
        "dev", "--cleanup", "--api-port", Integer.toString(port), "--state-dir", root.resolve("state").toString(),
        "--kubeconfig", root.resolve("kubeconfig").toString(), "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    List<Long> pids = new ArrayList<>();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
        .withMasterUrl("http://127.0.0.1:" + port).withNamespace("default").build()).build()) {
      await().atMost(Duration.ofSeconds(120)).until(() -> !dev.isAlive()
          || Files.readString(log).contains("virtnode dev: API server on"));
      assertThat(dev.isAlive()).as("virtnode dev; see " + log).isTrue();
      for (String name : List.of("c1", "c2")) {
        client.resource(Vms.minimal(name, images.resolve("default").toString(), "")).inNamespace("default").create();
      }
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
        pids.clear();
        for (VirtualMachine vm : client.resources(VirtualMachine.class).inNamespace("default").list().getItems()) {
          if (vm.getStatus() == null || vm.getStatus().pid == null) return false;
          pids.add(vm.getStatus().pid);
        }
        return pids.size() == 2;
      });
      assertThat(entries(runDir)).as("each VM has its runtime dir while it runs").hasSizeGreaterThanOrEqualTo(2);
      dev.destroy(); // SIGTERM: the shutdown hook stops the VMs (--cleanup)
      assertThat(dev.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      for (long pid : pids) assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(entries(runDir)).as("runDir after --cleanup; see " + log).isEmpty();
    } finally {
      dev.destroyForcibly();
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  private static List<Path> entries(Path dir) throws Exception {
    if (!Files.exists(dir)) return List.of();
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).toList();
    }
  }
}
