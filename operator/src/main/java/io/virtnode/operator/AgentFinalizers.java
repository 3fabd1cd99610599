package io.virtnode.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.virtnode.api.v1alpha1.ApiGroup;
import io.virtnode.api.v1alpha1.VirtualMachine;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** VMs placed before finalizers were per node carry the shared one: the agent of their node swaps in its own. */
final class AgentFinalizers {
  private static final Logger LOG = LoggerFactory.getLogger(AgentFinalizers.class);

  private AgentFinalizers() {}

  static void adoptLegacy(KubernetesClient client, String node) {
    var vms = client.resources(VirtualMachine.class).inAnyNamespace()
        .withLabel(ApiGroup.NODE_LABEL, node).list().getItems();
    for (VirtualMachine vm : vms) {
      var finalizers = new ArrayList<>(vm.getMetadata().getFinalizers());
      if (!finalizers.remove(ApiGroup.AGENT_FINALIZER)) continue;
      if (!finalizers.contains(ApiGroup.agentFinalizer(node))) finalizers.add(ApiGroup.agentFinalizer(node));
      var patch = Serialization.jsonMapper().createObjectNode();
      patch.putObject("metadata").put("uid", vm.getMetadata().getUid())
          .set("finalizers", Serialization.jsonMapper().valueToTree(finalizers));
      try {
        client.resources(VirtualMachine.class).inNamespace(vm.getMetadata().getNamespace())
            .withName(vm.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        LOG.info("VM {}/{}: finalizer {} replaced by {}", vm.getMetadata().getNamespace(), vm.getMetadata().getName(),
            ApiGroup.AGENT_FINALIZER, ApiGroup.agentFinalizer(node));
      } catch (KubernetesClientException e) {
        LOG.warn("VM {}: cannot replace its finalizer: {}", vm.getMetadata().getName(), e.getMessage());
      }
    }
  }
}
