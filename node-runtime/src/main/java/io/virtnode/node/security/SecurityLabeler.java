package io.virtnode.node.security;

import java.io.IOException;

/**
 * Labels a VM's files for its QEMU and gives them back, remembering originals durably. Implementations are
 * idempotent per (VM, file) and reference-count files several VMs use.
 */
public interface SecurityLabeler {
  /** Labels the file for the VM; the original label is recorded durably before the file changes. */
  void label(String vmId, LabelTarget target) throws IOException;

  /**
   * Records the VM's use of a file its QEMU never opens (a console log the agent writes for it): whatever
   * tracks users learns of it, no owner or label changes. Plain labelers have nothing to record.
   */
  default void claimUnlabelled(String vmId, LabelTarget target) throws IOException { }

  /** Drops the VM's use of the file; restores the original when it was the last user and policy allows. */
  void restore(String vmId, LabelTarget target, RestorePolicy policy) throws IOException;

  /** {@link #restore} for every file recorded for the VM (also after an agent restart). */
  void restoreAll(String vmId, RestorePolicy policy) throws IOException;
}
