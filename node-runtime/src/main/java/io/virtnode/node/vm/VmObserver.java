package io.virtnode.node.vm;

import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DomainSpec;
import java.io.IOException;
import java.util.List;

/** Read-only view of a VM on this node; runs beside any job, never changes the host. */
public interface VmObserver {
  /** The host's view of the VM; IdentityConflictException when its uid is recorded for another VM. */
  Observation observe(VmIdentity id) throws VmRuntimeException, IOException;

  /** capacity/allocation/physical per disk while QEMU runs, else empty. */
  List<DiskFacts> diskFacts(VmIdentity id, List<DiskSpec> disks);

  /** Hash of the plan input that matters for a restart (records of the previous format). */
  String specHash(DomainSpec spec);

  /**
   * What differs between the spec the VM's QEMU runs with and wanted, each change classified (live, restart,
   * immutable); empty when no QEMU runs.
   */
  java.util.Optional<io.virtnode.node.domain.SpecDiff> specDiff(VmIdentity id, DomainSpec wanted) throws IOException;

  /** The I/O errors QEMU reported for the VM's disks since its CPUs last resumed; empty when none runs. */
  default List<DiskError> diskErrors(VmIdentity id) { return List.of(); }

  /** "cgroup v1, user nobody": how QEMUs are confined here. */
  String confinementSummary();
}
