package io.virtnode.reconcile.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;

/**
 * Writes an owner's status fields by server-side apply on /status with the owner's own field manager, so the
 * API server itself keeps the two writers apart: each owns its fields and its conditions (a list-map keyed
 * by type), and neither can remove or overwrite the other's. Forced: a writer always takes back its own
 * fields (e.g. from an older agent that wrote them by merge patch).
 */
public final class ApplyStatusWriter implements StatusWriter {
  private final KubernetesClient client;
  private final StatusOwner owner;
  private final PatchContext apply;

  public ApplyStatusWriter(KubernetesClient client, StatusOwner owner) {
    this.client = client;
    this.owner = owner;
    this.apply = new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
        .withFieldManager(owner.fieldManager()).withForce(true).build();
  }

  /** The field manager this writer applies with. */
  public String fieldManager() { return apply.getFieldManager(); }

  @Override public void write(VirtualMachine vm, VirtualMachineStatus status) {
    String body = OwnedStatus.apply(owner, vm, status).toString();
    VirtualMachine written = client.resources(VirtualMachine.class).inNamespace(vm.getMetadata().getNamespace())
        .withName(vm.getMetadata().getName()).subresource("status").patch(apply, body);
    if (written != null) vm.setStatus(written.getStatus());
  }
}
