package io.virtnode.reconcile.migration;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.virtnode.api.v1alpha1.ApiGroup;
import io.virtnode.api.v1alpha1.MigrationDirective;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.reconcile.placement.PlacementReconciler;
import java.util.Objects;

/**
 * Hands a migrated VM to its target node: the node label and status.nodeName (both the controller's), each by
 * a merge patch of just that field, only for the VM the migration admitted (its uid) and carrying that uid.
 * Writes nothing when both already say so.
 */
final class VmHandoff {
  private VmHandoff() {}

  static void handOver(KubernetesClient client, VirtualMachine vm, MigrationDirective directive) {
    String target = directive.targetNode;
    if (vm == null || target == null || !Objects.equals(directive.vmUid, vm.getMetadata().getUid())) return;
    var ref = client.resources(VirtualMachine.class).inNamespace(vm.getMetadata().getNamespace())
        .withName(vm.getMetadata().getName());
    String uid = "\"uid\":\"" + vm.getMetadata().getUid() + "\"";
    if (!target.equals(PlacementReconciler.placedOn(vm))) {
      ref.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{" + uid + ",\"labels\":{\""
          + ApiGroup.NODE_LABEL + "\":\"" + target + "\"}}}");
    }
    String nodeName = vm.getStatus() == null ? null : vm.getStatus().nodeName;
    if (!Objects.equals(target, nodeName)) {
      ref.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{" + uid
          + "},\"status\":{\"nodeName\":\"" + target + "\"}}");
    }
  }
}
