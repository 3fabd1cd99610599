package io.virtnode.reconcile.status;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;

/** Writes one owner's part of a VM's status, never the other owner's fields. */
public interface StatusWriter {
  /**
   * Writes the owner's fields of status (fields it leaves null are cleared); conditions of the other owner
   * are kept as vm (the object read) has them.
   */
  void write(VirtualMachine vm, VirtualMachineStatus status);
}
