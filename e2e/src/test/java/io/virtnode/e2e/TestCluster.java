package io.virtnode.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.operator.AgentNode;
import io.virtnode.operator.AgentSettings;
import io.virtnode.operator.ControllerNode;
import io.virtnode.operator.devserver.DevApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An embedded API server, the controller and one agent per simulated node, all in this JVM. */
final class TestCluster implements AutoCloseable {
  static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
  /** Per test JVM: checkouts tested side by side on one host must not share per-VM cgroups. */
  static final String CGROUP_PARENT = "virtnode-e2e-" + ProcessHandle.current().pid();
  final DevApiServer api;
  final KubernetesClient client;
  final Path root;
  final Path images;
  private final ControllerNode controller;
  private final Map<String, AgentNode> agents = new LinkedHashMap<>();
  private final int vncBase;

  private final List<String> storageRoots;
  private java.util.function.Consumer<AgentSettings> tweak = s -> { };

  private TestCluster(Path root, int vncBase, List<String> storageRoots) throws IOException {
    if (!Files.isExecutable(QEMU)) {
      throw new IllegalStateException(QEMU + " is missing: install the Debian package qemu-system-x86");
    }
    this.root = root;
    // @TempDir is private to root; QEMU runs as an unprivileged user and must reach its disks and runtime dir.
    Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    this.vncBase = vncBase;
    this.images = Files.createDirectories(root.resolve("images").resolve("default")); // namespace default's dir
    this.storageRoots = storageRoots.isEmpty() ? List.of(images.getParent().toString()) : storageRoots;
    this.api = DevApiServer.start(0);
    api.installCrdsFromClasspath();
    this.client = api.kubernetesClient();
    this.controller = ControllerNode.start(client, null);
  }

  /** Starts a cluster with agents for the given node names; VNC ports come from vncBase..vncBase+99. */
  static TestCluster start(Path root, int vncBase, String... nodes) throws IOException {
    return start(root, vncBase, List.of(), nodes);
  }

  /** As above, with the agents' allowed storage roots (default: this cluster's images dir). */
  static TestCluster start(Path root, int vncBase, List<String> storageRoots, String... nodes) throws IOException {
    return start(root, vncBase, storageRoots, s -> { }, nodes);
  }

  /** As above, with agent settings adjusted by tweak. */
  static TestCluster start(Path root, int vncBase, List<String> storageRoots,
      java.util.function.Consumer<AgentSettings> tweak, String... nodes) throws IOException {
    TestCluster c = new TestCluster(root, vncBase, storageRoots);
    c.tweak = tweak;
    for (String n : nodes) {
      c.client.nodes().resource(new NodeBuilder().withNewMetadata().withName(n)
          .addToLabels("kubernetes.io/hostname", n).endMetadata().build()).create();
      c.startAgent(n);
    }
    return c;
  }

  AgentSettings settings(String node) {
    AgentSettings s = new AgentSettings();
    s.stateDir = root.resolve(node).resolve("state").toString();
    s.runDir = root.resolve(node).resolve("state").resolve("run").toString();
    s.allowedStorageRoots = storageRoots;
    s.vncPortMin = vncBase;
    s.vncPortMax = vncBase + 99;
    // Test JVMs on one host (parallel checkouts) must not share per-VM cgroups: uids repeat across servers.
    s.cgroupParent = CGROUP_PARENT;
    s.healthListen = "127.0.0.1:0"; // several agents per host: each its own port
    s.stopGracePeriodSeconds = 1;
    s.restartDelaySeconds = 2;
    s.startTimeoutSeconds = 10; // QEMU answers in well under a second; a refused monitor need not cost 30 s
    tweak.accept(s);
    return s;
  }

  AgentNode startAgent(String node) throws IOException {
    AgentNode a = AgentNode.start(client, node, settings(node));
    agents.put(node, a);
    return a;
  }

  /** Stops the agent (its QEMUs keep running) and starts a new one with the same state. */
  AgentNode restartAgent(String node) throws IOException {
    agents.remove(node).close();
    return startAgent(node);
  }

  AgentNode agent(String node) { return agents.get(node); }

  /** Stops the agent and its QEMUs, as {@code virtnode dev --cleanup} does on exit. */
  void stopAgentAndVms(String node) {
    agents.remove(node).closeAndKillVms();
  }

  /** Stops the agent; its QEMUs keep running. */
  void stopAgent(String node) {
    agents.remove(node).close();
  }

  VirtualMachine get(String name) {
    return client.resources(VirtualMachine.class).inNamespace("default").withName(name).get();
  }

  VirtualMachine create(VirtualMachine vm) {
    return client.resource(vm).inNamespace("default").create();
  }

  /** Waits until the VM's condition type has the given status. */
  VirtualMachine awaitCondition(String name, String type, String status) {
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
        VirtualMachine vm = get(name);
        return vm != null && vm.getStatus() != null && vm.getStatus().conditions.stream()
            .anyMatch(c -> c.type.equals(type) && c.status.equals(status)
                && vm.getMetadata().getGeneration().equals(vm.getStatus().observedGeneration));
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      VirtualMachine vm = get(name);
      throw new AssertionError(name + " never had " + type + "=" + status + "; its status is:\n"
          + (vm == null ? "(gone)" : io.fabric8.kubernetes.client.utils.Serialization.asYaml(vm.getStatus())), e);
    }
    return get(name);
  }

  /** Waits for a condition status whatever generation it was computed for (controller-owned conditions). */
  VirtualMachine awaitConditionAnyGeneration(String name, String type, String status) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      VirtualMachine vm = get(name);
      return vm != null && vm.getStatus() != null && vm.getStatus().conditions.stream()
          .anyMatch(c -> c.type.equals(type) && c.status.equals(status));
    });
    return get(name);
  }

  @Override public void close() {
    agents.values().forEach(AgentNode::closeAndKillVms);
    controller.close();
    api.close();
  }
}
