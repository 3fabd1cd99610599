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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code virtnode dev} as its own process, restarted over the same state dir after SIGKILL and after
 * SIGTERM: the API serves the same VMs with the same uids, the agent finds the same QEMUs (same pids),
 * and a VM created afterwards gets a new uid and a QEMU of its own.
 */
@Tag("api")
class DevRestartTest {
  private static final List<String> NAMES = List.of("r1", "r2", "r3");
  @TempDir Path root;
  private final List<Long> qemuPids = new ArrayList<>();

  @Test void restartKeepsUidsAndQemusAndNewVmsNeverAdoptOthers() throws Exception {
    Path jar = Path.of("..", "operator", "target", "virtnode.jar").toAbsolutePath().normalize();
    assertThat(jar).as("the packaged jar; build it with mvn -pl operator -am package -DskipTests").exists();
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path images = Files.createDirectories(root.resolve("images"));
    Path disks = images.resolve("default"); // storage is per namespace; virtnode dev makes default's directory
    Path config = root.resolve("agent.yaml");
    Files.writeString(config, """
        allowedStorageRoots: [%s]
        runDir: %s
        cgroupParent: %s-dev
        vncPortMin: 27600
        vncPortMax: 27699
        stopGracePeriodSeconds: 1
        healthListen: 127.0.0.1:0
        """.formatted(images, root.resolve("run"), TestCluster.CGROUP_PARENT));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process dev = dev(jar, config, port, 1);
    try (KubernetesClient client = client(port)) {
      for (String name : NAMES) {
        client.resource(Vms.minimal(name, disks.toString(), "")).inNamespace("default").create();
      }
      Map<String, VirtualMachine> before = awaitReady(client, NAMES);
      before.values().forEach(vm -> qemuPids.add(vm.getStatus().pid));

      dev.destroyForcibly().waitFor();
      dev = dev(jar, config, port, 2);
      assertSame(before, awaitReady(client, NAMES), "after SIGKILL");

      dev.destroy();
      dev.waitFor();
      dev = dev(jar, config, port, 3);
      assertSame(before, awaitReady(client, NAMES), "after SIGTERM");

      client.resource(Vms.minimal("fresh", disks.toString(), "")).inNamespace("default").create();
      VirtualMachine fresh = awaitReady(client, List.of("fresh")).get("fresh");
      qemuPids.add(fresh.getStatus().pid);
      assertThat(fresh.getMetadata().getUid()).isNotIn(uids(before).values());
      assertThat(fresh.getStatus().pid).isNotIn(pids(before).values());

      for (String name : List.of("r1", "r2", "r3", "fresh")) {
        client.resources(VirtualMachine.class).inNamespace("default").withName(name).delete();
      }
      await().atMost(Duration.ofSeconds(90)).until(() ->
          client.resources(VirtualMachine.class).inNamespace("default").list().getItems().isEmpty());
    } finally {
      dev.destroy();
      dev.waitFor();
      qemuPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  private Process dev(Path jar, Path config, int port, int run) throws Exception {
    Path log = root.resolve("dev-" + run + ".log");
    Process p = new ProcessBuilder(java(), "-jar", jar.toString(), "dev", "--api-port", Integer.toString(port),
        "--state-dir", root.resolve("state").toString(), "--kubeconfig", root.resolve("kubeconfig").toString(),
        "--config", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    await().atMost(Duration.ofSeconds(120)).until(() -> !p.isAlive()
        || Files.readString(log).contains("virtnode dev: API server on"));
    assertThat(p.isAlive()).as("virtnode dev; see " + log + ":\n" + Files.readString(log)).isTrue();
    return p;
  }

  private static KubernetesClient client(int port) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:" + port)
        .withNamespace("default").build()).build();
  }

  private static Map<String, VirtualMachine> awaitReady(KubernetesClient client, List<String> names) {
    Map<String, VirtualMachine> ready = new LinkedHashMap<>();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
      for (String name : names) {
        VirtualMachine vm = client.resources(VirtualMachine.class).inNamespace("default").withName(name).get();
        if (vm == null || vm.getStatus() == null || vm.getStatus().pid == null || vm.getStatus().conditions.stream()
            .noneMatch(c -> c.type.equals("Ready") && c.status.equals("True"))) {
          return false;
        }
        ready.put(name, vm);
      }
      return true;
    });
    return ready;
  }

  private static void assertSame(Map<String, VirtualMachine> before, Map<String, VirtualMachine> after, String when) {
    assertThat(uids(after)).as("uids " + when).isEqualTo(uids(before));
    assertThat(pids(after)).as("QEMU pids " + when).isEqualTo(pids(before));
    pids(after).values().forEach(pid -> assertThat(ProcessHandle.of(pid)).as("QEMU " + pid + " " + when).isPresent());
    after.forEach((name, vm) -> assertThat(vm.getMetadata().getResourceVersion()).isNotNull());
  }

  private static Map<String, String> uids(Map<String, VirtualMachine> vms) {
    return vms.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getMetadata().getUid()));
  }

  private static Map<String, Long> pids(Map<String, VirtualMachine> vms) {
    return vms.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getStatus().pid));
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
