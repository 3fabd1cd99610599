package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.ApiGroup;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.operator.AgentNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agents of two nodes on one machine, started with the very same settings, never see each other's QEMUs. */
@Tag("lifecycle")
class NodeIsolationTest {
  @TempDir Path root;

  @Test void agentsOfDifferentNodesWithTheSameSettingsKeepToTheirOwnVms() throws Exception {
    Path shared = root.resolve("shared");
    String parent = TestCluster.CGROUP_PARENT + "-iso";
    try (TestCluster cluster = TestCluster.start(root, 27200, List.of(), s -> {
      s.stateDir = shared.resolve("state").resolve("{node}").toString();
      s.runDir = shared.resolve("run").resolve("{node}").toString();
      s.cgroupParent = parent + "/{node}";
    }, "node-a", "node-b")) {
      cluster.create(Vms.minimal("on-a", cluster.images.toString(), "nodeName: node-a"));
      cluster.create(Vms.minimal("on-b", cluster.images.toString(), "nodeName: node-b"));
      VirtualMachine a = cluster.awaitCondition("on-a", "Ready", "True");
      VirtualMachine b = cluster.awaitCondition("on-b", "Ready", "True");
      String uidA = a.getMetadata().getUid();
      String uidB = b.getMetadata().getUid();
      long pidA = a.getStatus().pid;

      assertThat(a.getMetadata().getFinalizers()).contains(ApiGroup.agentFinalizer("node-a"))
          .doesNotContain(ApiGroup.agentFinalizer("node-b"), ApiGroup.AGENT_FINALIZER);
      assertThat(shared.resolve("state/node-a/vms/" + uidA + ".json")).exists();
      assertThat(shared.resolve("state/node-b/vms/" + uidA + ".json")).doesNotExist();
      assertThat(shared.resolve("run/node-a/" + uidA)).isDirectory();
      assertThat(Files.readString(Path.of("/proc", Long.toString(pidA), "cgroup"))).contains(parent + "/node-a/" + uidA);
      assertThat(cluster.agent("node-b").runtime().observe(uidA).processAlive()).isFalse();
      assertThat(cluster.agent("node-a").runtime().observe(uidB).processAlive()).isFalse();

      AgentNode b2 = cluster.restartAgent("node-b"); // recovers node-b's records only
      assertThat(b2.runtime().observe(uidA).processAlive()).isFalse();
      assertThat(b2.runtime().observe(uidB).processAlive()).isTrue();
      assertThat(b2.orphans()).isEmpty();
      assertThat(cluster.get("on-a").getStatus().pid).isEqualTo(pidA);

      var s = cluster.settings("node-c");
      s.stateDir = shared.resolve("state").resolve("node-a").toString(); // a state dir of another node
      assertThatThrownBy(() -> AgentNode.start(cluster.client, "node-c", s))
          .hasMessageContaining("belongs to node node-a");

      cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("on-b").delete();
      await().atMost(Duration.ofSeconds(60)).until(() -> cluster.get("on-b") == null);
      assertThat(cluster.images.resolve("on-b.img")).doesNotExist();
      assertThat(ProcessHandle.of(pidA)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    }
  }
}
