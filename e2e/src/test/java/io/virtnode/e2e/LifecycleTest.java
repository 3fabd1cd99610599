package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VmState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VM lifecycle through the API only, on real QEMU. */
@Tag("lifecycle")
class LifecycleTest {
  @TempDir static Path root;
  static TestCluster cluster;

  @BeforeAll static void start() throws IOException {
    cluster = TestCluster.start(root, 25900, "node-a");
  }

  @AfterAll static void stop() {
    if (cluster != null) cluster.close();
  }

  private VirtualMachine ready(String name, String extra) {
    cluster.create(Vms.minimal(name, cluster.images.toString(), extra));
    return cluster.awaitCondition(name, "Ready", "True");
  }

  private String runState(VirtualMachine vm) throws IOException {
    return cluster.agent("node-a").runtime().observe(vm.getMetadata().getUid()).runState();
  }

  @Test void appliedVmBecomesReadyWithALiveRunningQemu() throws IOException {
    VirtualMachine vm = ready("web", "");
    assertThat(vm.getStatus().nodeName).isEqualTo("node-a");
    assertThat(vm.getStatus().state).isEqualTo("Running");
    long pid = vm.getStatus().pid;
    assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).contains("qemu-system-x86_64")
        .contains("guest=default_web");
    assertThat(runState(vm)).isEqualTo("running");
    assertThat(vm.getMetadata().getLabels()).containsEntry("virtnode.io/node", "node-a");
    assertThat(vm.getStatus().disks).singleElement().satisfies(d -> {
      assertThat(d.name).isEqualTo("root");
      assertThat(d.capacity).isEqualTo(16L * 1024 * 1024);
    });
    assertThat(vm.getStatus().addresses).anySatisfy(a -> assertThat(a.device).isEqualTo("disk-root"));
    assertThat(Files.exists(cluster.images.resolve("web.img"))).isTrue();
  }

  @Test void pauseAndResumeFollowTheSpec() throws IOException {
    VirtualMachine vm = ready("pausable", "");
    long pid = vm.getStatus().pid;
    setState("pausable", VmState.Paused);
    vm = cluster.awaitCondition("pausable", "Paused", "True");
    assertThat(runState(vm)).isEqualTo("paused");
    assertThat(vm.getStatus().state).isEqualTo("Paused");
    setState("pausable", VmState.Running);
    vm = cluster.awaitCondition("pausable", "Paused", "False");
    assertThat(runState(vm)).isEqualTo("running");
    assertThat(vm.getStatus().pid).isEqualTo(pid);
  }

  @Test void stoppedVmHasNoProcessNoPortAndNoRuntimeFiles() throws IOException {
    VirtualMachine vm = ready("stoppable", "graphics: {vnc: {}}");
    long pid = vm.getStatus().pid;
    String endpoint = vm.getStatus().vnc.endpoint;
    assertThat(endpoint).startsWith("127.0.0.1:");
    setState("stoppable", VmState.Stopped);
    await().atMost(Duration.ofSeconds(60)).until(() -> "Stopped".equals(cluster.get("stoppable").getStatus().state));
    vm = cluster.get("stoppable");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(vm.getStatus().pid).isNull();
    assertThat(vm.getStatus().vnc).isNull();
    Path run = root.resolve("node-a/state/run").resolve(vm.getMetadata().getUid());
    assertThat(run.resolve("monitor.sock")).doesNotExist();
    int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    try (var s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(s.getLocalPort()).isEqualTo(port); // the port is free again
    }
  }

  @Test void startingPausedFromColdNeverRunsTheCpus() throws IOException {
    VirtualMachine vm = ready("cold-paused", "state: Paused");
    assertThat(runState(vm)).isEqualTo("prelaunch"); // -S and never a cont: the CPUs have not run at all
    assertThat(vm.getStatus().state).isEqualTo("Paused");
  }

  @Test void qemuKilledFromOutsideIsReportedAndRestarted() throws Exception {
    VirtualMachine vm = ready("victim", "");
    long pid = vm.getStatus().pid;
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      VirtualMachine now = cluster.get("victim");
      assertThat(now.getStatus().lastExit).isNotNull();
      assertThat(now.getStatus().lastExit.reason).contains("signal 9");
    });
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      VirtualMachine now = cluster.get("victim");
      assertThat(now.getStatus().pid).isNotNull().isNotEqualTo(pid);
      assertThat(now.getStatus().state).isEqualTo("Running");
    });
  }

  @Test void twoVmsStartedAtOnceGetDistinctVncPorts() {
    cluster.create(Vms.minimal("vnc-a", cluster.images.toString(), "graphics: {vnc: {}}"));
    cluster.create(Vms.minimal("vnc-b", cluster.images.toString(), "graphics: {vnc: {}}"));
    String a = cluster.awaitCondition("vnc-a", "Ready", "True").getStatus().vnc.endpoint;
    String b = cluster.awaitCondition("vnc-b", "Ready", "True").getStatus().vnc.endpoint;
    assertThat(a).isNotEqualTo(b);
  }

  @Test void agentRestartReconnectsToRunningVmsWithoutRestartingThem() throws IOException {
    List<String> names = List.of("keep-1", "keep-2", "keep-3");
    names.forEach(n -> cluster.create(Vms.minimal(n, cluster.images.toString(), "")));
    Set<Long> before = names.stream().map(n -> cluster.awaitCondition(n, "Ready", "True").getStatus().pid)
        .collect(Collectors.toSet());
    cluster.restartAgent("node-a");
    for (String n : names) {
      VirtualMachine vm = cluster.get(n);
      assertThat(runState(vm)).isEqualTo("running");
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Set<Long> after = names.stream().map(n -> cluster.get(n).getStatus().pid).collect(Collectors.toSet());
      assertThat(after).isEqualTo(before);
    });
    names.forEach(n -> assertThat(cluster.get(n).getStatus().lastExit).isNull());
  }

  @Test void deletingAVmStopsQemuAndReleasesWhatTheAgentCreated() throws IOException {
    VirtualMachine vm = ready("doomed", "");
    long pid = vm.getStatus().pid;
    cluster.client.resource(vm).delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> cluster.get("doomed") == null);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(cluster.images.resolve("doomed.img")).doesNotExist();
    assertThat(root.resolve("node-a/state/vms").resolve(vm.getMetadata().getUid() + ".json")).doesNotExist();
  }

  @Test void aVmWithTenDisksStarts() {
    StringBuilder disks = new StringBuilder("disks:\n");
    for (int i = 0; i < 10; i++) {
      disks.append("- {name: d").append(i).append(", path: ").append(cluster.images).append("/many-").append(i)
          .append(".img, create: {size: 1Mi}}\n");
    }
    String yaml = """
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata: {name: many-disks, namespace: default}
        spec:
          memory: 64Mi
        %s""".formatted(disks.toString().indent(2));
    cluster.create(Vms.yaml(yaml));
    VirtualMachine vm = cluster.awaitCondition("many-disks", "Ready", "True");
    assertThat(vm.getStatus().disks).hasSize(10).allSatisfy(d -> assertThat(d.physical).isEqualTo(1L << 20));
  }

  @Test void anAgentThatDiedBeforeRecordingThePidFindsItsQemuInTheCgroup() throws IOException {
    VirtualMachine vm = ready("half-started", "");
    long pid = vm.getStatus().pid;
    Path record = root.resolve("node-a/state/vms").resolve(vm.getMetadata().getUid() + ".json");
    cluster.stopAgent("node-a");
    // what the record says when the agent dies between spawning QEMU and writing its pid down
    Files.writeString(record, Files.readString(record).replaceFirst("\"pid\" : \\d+", "\"pid\" : 0"));
    assertThat(Files.readString(record)).contains("\"pid\" : 0,");
    cluster.startAgent("node-a");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(runState(cluster.get("half-started"))).isEqualTo("running");
      assertThat(cluster.get("half-started").getStatus().pid).isEqualTo(pid);
    });
    assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
        .contains("guest=default_half-started")).count()).as("QEMUs of the VM").isEqualTo(1);
  }

  private void setState(String name, VmState state) {
    cluster.client.resources(VirtualMachine.class).inNamespace("default").withName(name)
        .edit(v -> {
          v.getSpec().state = state;
          return v;
        });
  }
}
