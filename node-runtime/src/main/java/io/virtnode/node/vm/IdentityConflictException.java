package io.virtnode.node.vm;

/**
 * The uid of a VM names a record (or a live QEMU) of another namespace/name on this node: nothing of it is
 * touched for this VM.
 */
public class IdentityConflictException extends VmRuntimeException {
  public static final String REASON = "IdentityConflict";

  public IdentityConflictException(VmIdentity asked, String recordedNamespace, String recordedName) {
    super(REASON, "uid " + asked.uid() + " of VM " + asked.displayName() + " is recorded on this node for VM "
        + recordedNamespace + "/" + recordedName + "; the agent leaves that record and its QEMU alone and does"
        + " not run this VM. Recreate this VM (it gets a new uid), or remove the other VM's runtime record by"
        + " hand once its QEMU is no longer needed", true);
  }
}
