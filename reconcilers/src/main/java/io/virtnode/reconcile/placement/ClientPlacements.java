package io.virtnode.reconcile.placement;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.virtnode.api.v1alpha1.ApiGroup;
import io.virtnode.api.v1alpha1.VirtualMachine;
import java.util.ArrayList;

/** Places a VM with one JSON merge patch of its metadata: the node label and the node agent's finalizer. */
public final class ClientPlacements implements PlacementReconciler.Placements {
  private final KubernetesClient client;

  public ClientPlacements(KubernetesClient client) { this.client = client; }

  @Override public void place(VirtualMachine vm, String node, String finalizer) {
    var json = Serialization.jsonMapper();
    var patch = json.createObjectNode();
    var meta = patch.putObject("metadata");
    meta.put("uid", vm.getMetadata().getUid()); // a precondition: never a namesake created in between
    meta.putObject("labels").put(ApiGroup.NODE_LABEL, node);
    var finalizers = new ArrayList<>(vm.getMetadata().getFinalizers() == null ? java.util.List.<String>of()
        : vm.getMetadata().getFinalizers());
    if (!finalizers.contains(finalizer)) finalizers.add(finalizer);
    meta.set("finalizers", json.valueToTree(finalizers));
    client.resources(VirtualMachine.class).inNamespace(vm.getMetadata().getNamespace())
        .withName(vm.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
  }
}
