package io.virtnode.reconcile.vm;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;

/** Where the VM reconciler reports what happened to a VM (Kubernetes Events in production). */
public interface VmEventSink {
  /** A change between the old and the new status worth an event (state, failure, crash). */
  void transition(VirtualMachine vm, VirtualMachineStatus old, VirtualMachineStatus now);

  /** The VM's host resources were released on its deletion; files says what became of images it created. */
  void deleted(VirtualMachine vm, java.util.List<String> files);
}
