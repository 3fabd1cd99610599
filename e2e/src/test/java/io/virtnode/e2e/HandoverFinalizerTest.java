package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.ApiGroup;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VmState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VM handed from one node to another (its node label moved, as a migration does) ends up with the new
 * node's finalizer only: the old node lets go once no QEMU of it runs there, and deleting the VM works.
 */
@Tag("lifecycle")
class HandoverFinalizerTest {
  @TempDir Path root;

  @Test void aVmHandedToAnotherNodeCarriesThatNodesFinalizerAndDeletes() throws Exception {
    try (TestCluster cluster = TestCluster.start(root, 27600, "node-a", "node-b")) {
      cluster.create(Vms.minimal("moving", cluster.images.toString(), "nodeName: node-a"));
      VirtualMachine vm = cluster.awaitCondition("moving", "Ready", "True");
      long pid = vm.getStatus().pid;
      assertThat(vm.getMetadata().getFinalizers()).containsExactly(ApiGroup.agentFinalizer("node-a"));

      cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("moving").edit(v -> {
        v.getMetadata().getLabels().put(ApiGroup.NODE_LABEL, "node-b"); // handed over while its QEMU runs on node-a
        return v;
      });
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.get("moving").getMetadata()
          .getFinalizers()).contains(ApiGroup.agentFinalizer("node-b")));
      assertThat(cluster.get("moving").getMetadata().getFinalizers()).as("node-a's QEMU still runs")
          .contains(ApiGroup.agentFinalizer("node-a"));
      new ProcessBuilder("kill", Long.toString(pid)).start().waitFor(); // the source's QEMU ends (as after a switchover)
      cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("moving").edit(v -> {
        v.getSpec().state = VmState.Stopped; // node-b is not to start a second one in this test
        return v;
      });

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(cluster.get("moving").getMetadata()
          .getFinalizers()).containsExactly(ApiGroup.agentFinalizer("node-b")));
      cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("moving").delete();
      await().atMost(Duration.ofSeconds(60)).until(() -> cluster.get("moving") == null);
    }
  }
}
