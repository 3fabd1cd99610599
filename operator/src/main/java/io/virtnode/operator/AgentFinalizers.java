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

/**
 * The agent's finalizer on VMs: VMs placed before finalizers were per node carry the shared one, which the
 * agent of their node swaps for its own; a VM handed to another node (its label names that node) keeps this
 * node's finalizer only while a QEMU of it still runs here.
 */
final class AgentFinalizers {
  private static final Logger LOG = LoggerFactory.getLogger(AgentFinalizers.class);

  private AgentFinalizers() {}

  /** Drops this node's finalizer from VMs now placed elsewhere once no QEMU of theirs runs here. */
  static void releaseHandedOver(KubernetesClient client, String node, io.virtnode.node.vm.VmRuntime runtime) {
    String mine = ApiGroup.agentFinalizer(node);
    for (VirtualMachine vm : client.resources(VirtualMachine.class).inAnyNamespace().list().getItems()) {
      var labels = vm.getMetadata().getLabels();
      if (!vm.getMetadata().getFinalizers().contains(mine) || labels == null
          || node.equals(labels.get(ApiGroup.NODE_LABEL))) {
        continue;
      }
      var id = identity(vm);
      try {
        if (runtime.observe(id).processAlive()) continue; // still ours until its QEMU here is gone
      } catch (Exception e) { // an identity conflict or an unreadable record: keep the finalizer
        LOG.warn("VM {}: keeping finalizer {}: {}", id.displayName(), mine, e.getMessage());
        continue;
      }
      var finalizers = new ArrayList<>(vm.getMetadata().getFinalizers());
      finalizers.remove(mine);
      patchFinalizers(client, vm, finalizers);
      LOG.info("VM {} runs on node {} now: finalizer {} released", id.displayName(), labels.get(ApiGroup.NODE_LABEL),
          mine);
    }
  }

  private static io.virtnode.node.vm.VmIdentity identity(VirtualMachine vm) {
    return new io.virtnode.node.vm.VmIdentity(vm.getMetadata().getUid(), vm.getMetadata().getNamespace(),
        vm.getMetadata().getName());
  }

  private static void patchFinalizers(KubernetesClient client, VirtualMachine vm, java.util.List<String> finalizers) {
    var patch = Serialization.jsonMapper().createObjectNode();
    // uid and resourceVersion make it a precondition: the list replaces the whole list, so a finalizer another
    // writer added since the read must not be dropped (a conflict is retried at the next pass)
    patch.putObject("metadata").put("uid", vm.getMetadata().getUid())
        .put("resourceVersion", vm.getMetadata().getResourceVersion())
        .set("finalizers", Serialization.jsonMapper().valueToTree(finalizers));
    try {
      client.resources(VirtualMachine.class).inNamespace(vm.getMetadata().getNamespace())
          .withName(vm.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    } catch (KubernetesClientException e) {
      LOG.warn("VM {}: cannot update its finalizers: {}", vm.getMetadata().getName(), e.getMessage());
    }
  }

  /** What the agent does for a deleted VM before its finalizer goes (the runtime's forget). */
  @FunctionalInterface
  interface Forget {
    void forget(io.virtnode.node.vm.VmIdentity id) throws Exception;
  }

  /**
   * Swaps the shared finalizer of this node's VMs for this node's own. A VM already being deleted cannot get a
   * new finalizer (the API server forbids it), so the agent forgets it here and then drops the shared one.
   */
  static void adoptLegacy(KubernetesClient client, String node, Forget forget) {
    var vms = client.resources(VirtualMachine.class).inAnyNamespace()
        .withLabel(ApiGroup.NODE_LABEL, node).list().getItems();
    for (VirtualMachine vm : vms) {
      var finalizers = new ArrayList<>(vm.getMetadata().getFinalizers());
      if (!finalizers.remove(ApiGroup.AGENT_FINALIZER)) continue;
      var id = identity(vm);
      if (vm.getMetadata().getDeletionTimestamp() != null) {
        try {
          forget.forget(id);
        } catch (Exception e) {
          LOG.warn("VM {} is being deleted: cannot release what it holds, keeping finalizer {}: {}", id.displayName(),
              ApiGroup.AGENT_FINALIZER, e.getMessage());
          continue;
        }
        patchFinalizers(client, vm, finalizers);
        LOG.info("VM {} was being deleted: released, finalizer {} removed", id.displayName(), ApiGroup.AGENT_FINALIZER);
        continue;
      }
      if (!finalizers.contains(ApiGroup.agentFinalizer(node))) finalizers.add(ApiGroup.agentFinalizer(node));
      patchFinalizers(client, vm, finalizers);
      LOG.info("VM {}: finalizer {} replaced by {}", id.displayName(), ApiGroup.AGENT_FINALIZER,
          ApiGroup.agentFinalizer(node));
    }
  }
}
