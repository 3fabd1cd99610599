package io.virtnode.node.vm;

import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.RunningSpecCodec;
import io.virtnode.node.domain.SpecDiff;
import io.virtnode.node.state.ProcessRecord;
import java.io.IOException;
import java.util.Optional;

/**
 * The spec a VM's QEMU runs with, from its process record: the stored running spec, or for a record of the
 * format before it, the wanted spec restricted to the disks QEMU was started with (as the legacy hash saw it).
 */
final class RunningSpecs {
  private RunningSpecs() {}

  /** What differs between the running QEMU and wanted; the legacy hash decides for records without a spec. */
  static SpecDiff diff(ProcessRecord p, DomainSpec wanted) throws IOException {
    if (p.runningSpec() != null) return SpecDiff.compare(RunningSpecCodec.read(p.runningSpec()), wanted);
    return SpecDiff.compareLegacy(p.specHash(), p.diskNodeNames().keySet(), wanted);
  }

  /** The running spec itself; empty for a legacy record whose hash wanted does not reproduce. */
  static Optional<DomainSpec> spec(ProcessRecord p, DomainSpec wanted) throws IOException {
    if (p.runningSpec() != null) return Optional.of(RunningSpecCodec.read(p.runningSpec()).spec());
    SpecDiff legacy = SpecDiff.compareLegacy(p.specHash(), p.diskNodeNames().keySet(), wanted);
    if (legacy.changes().stream().anyMatch(c -> c.field().equals("spec"))) return Optional.empty();
    return Optional.of(wanted.withDisks(wanted.disks().stream()
        .filter(d -> p.diskNodeNames().containsKey(d.name())).toList()).withPcieRootPorts(0));
  }
}
