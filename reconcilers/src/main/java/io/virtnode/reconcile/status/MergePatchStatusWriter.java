package io.virtnode.reconcile.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;

/**
 * Writes an owner's status fields as a JSON merge patch on /status. With server-side apply available this
 * becomes an apply of the same document with the owner's field manager ({@link StatusOwner#fieldManager}).
 */
public final class MergePatchStatusWriter implements StatusWriter {
  private final KubernetesClient client;
  private final StatusOwner owner;

  public MergePatchStatusWriter(KubernetesClient client, StatusOwner owner) {
    this.client = client;
    this.owner = owner;
  }

  @Override public void write(VirtualMachine vm, VirtualMachineStatus status) {
    String patch = OwnedStatus.patch(owner, vm, status).toString();
    VirtualMachine written = client.resources(VirtualMachine.class).inNamespace(vm.getMetadata().getNamespace())
        .withName(vm.getMetadata().getName()).subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    if (written != null) vm.setStatus(written.getStatus());
  }
}
