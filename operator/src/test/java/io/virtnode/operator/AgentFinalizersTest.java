package io.virtnode.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.virtnode.api.v1alpha1.ApiGroup;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.node.vm.VmIdentity;
import io.virtnode.operator.devserver.DevApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VMs placed before finalizers were per node: swapped for this node's own, or released when being deleted. */
class AgentFinalizersTest {
  private DevApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = DevApiServer.start(0);
    server.installCrdsFromClasspath();
    client = server.kubernetesClient();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aLiveVmGetsThisNodesFinalizerAndADeletingOneIsForgottenThenReleased() {
    legacyVm("live");
    legacyVm("deleting");
    vms().withName("deleting").delete();
    List<VmIdentity> forgotten = new ArrayList<>();

    AgentFinalizers.adoptLegacy(client, "node-a", forgotten::add);

    assertThat(vms().withName("live").get().getMetadata().getFinalizers())
        .containsExactly(ApiGroup.agentFinalizer("node-a"));
    assertThat(forgotten).extracting(VmIdentity::name).containsExactly("deleting");
    await().atMost(Duration.ofSeconds(10)).until(() -> vms().withName("deleting").get() == null);
  }

  @Test
  void aDeletingVmWhoseReleaseFailsKeepsItsFinalizer() {
    legacyVm("stuck");
    vms().withName("stuck").delete();

    AgentFinalizers.adoptLegacy(client, "node-a", id -> {
      throw new java.io.IOException("state dir unwritable");
    });

    assertThat(vms().withName("stuck").get().getMetadata().getFinalizers()).containsExactly(ApiGroup.AGENT_FINALIZER);
  }

  private void legacyVm(String name) {
    VirtualMachine vm = Serialization.unmarshal("""
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata:
          name: %s
          namespace: default
          labels: {"%s": node-a}
          finalizers: ["%s"]
        spec:
          memory: 128Mi
          disks: [{name: root, path: /var/lib/virtnode/images/default/a.img, create: {size: 64Mi}}]
        """.formatted(name, ApiGroup.NODE_LABEL, ApiGroup.AGENT_FINALIZER), VirtualMachine.class);
    vms().resource(vm).create();
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<VirtualMachine,
      io.fabric8.kubernetes.api.model.KubernetesResourceList<VirtualMachine>,
      io.fabric8.kubernetes.client.dsl.Resource<VirtualMachine>> vms() {
    return client.resources(VirtualMachine.class).inNamespace("default");
  }
}
