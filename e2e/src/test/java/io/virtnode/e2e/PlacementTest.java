package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VmState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placement over two agents, and spec changes on a placed VM, through the API. */
@Tag("lifecycle")
class PlacementTest {
  @TempDir static Path root;
  static TestCluster cluster;

  @BeforeAll static void start() throws IOException {
    cluster = TestCluster.start(root, 26200, "node-a", "node-b");
    cluster.client.nodes().withName("node-b").edit(n -> {
      n.getMetadata().getLabels().put("disk", "fast");
      return n;
    });
  }

  @AfterAll static void stop() {
    if (cluster != null) cluster.close();
  }

  @Test void nodeSelectorPlacesTheVmOnTheMatchingNodeOnly() throws IOException {
    cluster.create(Vms.minimal("picky", cluster.images.toString(), "nodeSelector: {disk: fast}"));
    VirtualMachine vm = cluster.awaitCondition("picky", "Ready", "True");
    assertThat(vm.getMetadata().getLabels()).containsEntry("virtnode.io/node", "node-b");
    assertThat(vm.getStatus().nodeName).isEqualTo("node-b");
    assertThat(cluster.agent("node-a").runtime().observe(vm.getMetadata().getUid()).processAlive()).isFalse();
    assertThat(cluster.agent("node-b").runtime().observe(vm.getMetadata().getUid()).running()).isTrue();
  }

  @Test void aVmForAMissingNodeIsUnschedulableAndNeverStarted() {
    cluster.create(Vms.minimal("lost", cluster.images.toString(), "nodeName: node-z"));
    VirtualMachine vm = cluster.awaitConditionAnyGeneration("lost", "Scheduled", "False");
    var c = vm.getStatus().conditions.stream().filter(x -> x.type.equals("Scheduled")).findFirst().orElseThrow();
    assertThat(c.reason).isEqualTo("NodeNotFound");
    assertThat(c.message).contains("node-z");
    assertThat(vm.getMetadata().getLabels() == null || !vm.getMetadata().getLabels().containsKey("virtnode.io/node"))
        .isTrue();
    assertThat(vm.getStatus().pid).isNull();
  }

  @Test void aVmPlacedOnceANodeMatchesSaysSoInItsScheduledCondition() {
    cluster.create(Vms.minimal("patient", cluster.images.toString(), "nodeSelector: {gpu: \"yes\"}"));
    cluster.awaitConditionAnyGeneration("patient", "Scheduled", "False");
    cluster.client.nodes().withName("node-a").edit(n -> {
      n.getMetadata().getLabels().put("gpu", "yes");
      return n;
    });
    VirtualMachine vm = cluster.awaitConditionAnyGeneration("patient", "Scheduled", "True");
    assertThat(vm.getMetadata().getLabels()).containsEntry("virtnode.io/node", "node-a");
    cluster.awaitCondition("patient", "Ready", "True");
  }

  @Test void changingMemoryOfARunningVmAsksForARestartAndAddressesSurviveIt() {
    cluster.create(Vms.minimal("grow", cluster.images.toString(), "nodeName: node-a"));
    VirtualMachine vm = cluster.awaitCondition("grow", "Ready", "True");
    List<String> before = vm.getStatus().addresses.stream().map(a -> a.device + "=" + a.address).toList();
    edit("grow", v -> v.getSpec().memory = "96Mi");
    vm = cluster.awaitCondition("grow", "RestartRequired", "True");
    edit("grow", v -> v.getSpec().state = VmState.Stopped);
    await().atMost(Duration.ofSeconds(60)).until(() -> "Stopped".equals(cluster.get("grow").getStatus().state));
    edit("grow", v -> v.getSpec().state = VmState.Running);
    vm = cluster.awaitCondition("grow", "Ready", "True");
    assertThat(vm.getStatus().conditions).noneMatch(c -> c.type.equals("RestartRequired"));
    assertThat(vm.getStatus().addresses.stream().map(a -> a.device + "=" + a.address).toList()).isEqualTo(before);
  }

  private static void edit(String name, java.util.function.Consumer<VirtualMachine> change) {
    cluster.client.resources(VirtualMachine.class).inNamespace("default").withName(name).edit(v -> {
      change.accept(v);
      return v;
    });
  }
}
