package io.virtnode.node.vm;

import java.io.IOException;

/** Changes a VM's run state on this node; every call takes the VM's job and checks its identity. */
public interface VmLifecycle {
  /** Starts QEMU (creating asked-for blank images first) in the request's mode; no-op when it runs already. */
  void start(StartRequest request) throws VmRuntimeException, IOException;

  /** Stops the guest's CPUs. */
  void pause(VmIdentity id) throws VmRuntimeException;

  /** Resumes the guest's CPUs. */
  void resume(VmIdentity id) throws VmRuntimeException;

  /** One step of a graceful stop: powerdown, quit after the grace period, SIGKILL last. */
  StopProgress stop(VmIdentity id) throws VmRuntimeException, IOException;

  /** Forgets a deleted VM: kills what still runs, gives back every claim, removes its record; says what became of the images it created. */
  java.util.List<io.virtnode.node.files.ImageDisposal> forget(VmIdentity id) throws VmRuntimeException, IOException;
}
