package io.virtnode.node.vm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.LegacySpecHash;
import io.virtnode.node.domain.RunningSpec;
import io.virtnode.node.domain.RunningSpecCodec;
import io.virtnode.node.domain.SpecFields;
import io.virtnode.node.domain.SpecDiff;
import io.virtnode.node.state.ProcessRecord;
import java.io.IOException;
import java.util.Optional;

/**
 * The spec a VM's QEMU runs with, from its process record: the stored running spec, or for a record of the
 * format before it, the wanted spec restricted to the disks QEMU was started with (as the legacy hash saw it).
 */
final class RunningSpecs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunningSpecs() {}

  /** What differs between the running QEMU and wanted; the legacy hash decides for records without a spec. */
  static SpecDiff diff(ProcessRecord p, DomainSpec wanted) throws IOException {
    if (p.runningSpec() != null) return SpecDiff.compare(RunningSpecCodec.read(p.runningSpec()), wanted);
    return SpecDiff.compareLegacy(p.specHash(), p.diskNodeNames().keySet(), wanted);
  }

  /**
   * The running spec itself; empty for a legacy record whose hash wanted does not reproduce. A stored spec
   * without pcieRootPorts was started before spare root ports existed: it has none.
   */
  static Optional<DomainSpec> spec(ProcessRecord p, DomainSpec wanted) throws IOException {
    if (p.runningSpec() != null) {
      RunningSpec rs = RunningSpecCodec.read(p.runningSpec());
      return Optional.of(rs.fields().contains("pcieRootPorts") ? rs.spec() : rs.spec().withPcieRootPorts(0));
    }
    SpecDiff legacy = SpecDiff.compareLegacy(p.specHash(), p.diskNodeNames().keySet(), wanted);
    if (legacy.changes().stream().anyMatch(c -> c.field().equals("spec"))) return Optional.empty();
    return Optional.of(wanted.withDisks(wanted.disks().stream()
        .filter(d -> p.diskNodeNames().containsKey(d.name())).toList()).withPcieRootPorts(0));
  }

  /**
   * The stored form of a running spec derived from a record of the previous format: the fields that format
   * did not know are left out, so they keep counting as unchanged (an upgrade never asks for a restart).
   */
  static String writeLegacy(DomainSpec spec) throws IOException {
    return without(RunningSpecCodec.write(spec), LegacySpecHash.FIELDS_ADDED_SINCE);
  }

  /** The stored form of spec now, holding the same fields as the stored spec of p (after a hotplug). */
  static String rewrite(ProcessRecord p, DomainSpec now) throws IOException {
    String full = RunningSpecCodec.write(now);
    if (p.runningSpec() == null) return full;
    var missing = new java.util.HashSet<>(SpecFields.CLASSES.keySet());
    missing.removeAll(RunningSpecCodec.read(p.runningSpec()).fields());
    return without(full, missing);
  }

  private static String without(String stored, java.util.Collection<String> fields) throws IOException {
    var root = (ObjectNode) JSON.readTree(stored);
    ((ObjectNode) root.get("spec")).remove(fields);
    return JSON.writeValueAsString(root);
  }
}
