package io.virtnode.node.domain;

import io.virtnode.node.domain.DiskSpec.DiskBus;
import io.virtnode.node.domain.SpecChange.Kind;
import io.virtnode.node.domain.SpecFields.FieldClass;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What differs between the spec a VM runs with and the one wanted, each change classified as live
 * (hotplug), restart-required or immutable by {@link SpecFields}.
 *
 * @param attach disks to hot-plug, in the wanted spec's order
 * @param detach names of disks to unplug
 */
public record SpecDiff(List<SpecChange> changes, List<DiskSpec> attach, List<String> detach) {

  public SpecDiff {
    changes = List.copyOf(changes);
    attach = List.copyOf(attach);
    detach = List.copyOf(detach);
  }

  /** Nothing to do. */
  public boolean unchanged() { return changes.isEmpty(); }

  /** Some change takes effect only after a restart. */
  public boolean restartRequired() { return has(Kind.RESTART_REQUIRED); }

  /** Some change can never be applied to this VM. */
  public boolean immutableChanged() { return has(Kind.IMMUTABLE); }

  /** Every change can be done live (and there is at least one). */
  public boolean liveOnly() { return !changes.isEmpty() && changes.stream().allMatch(c -> c.kind() == Kind.LIVE); }

  private boolean has(Kind kind) { return changes.stream().anyMatch(c -> c.kind() == kind); }

  /** Compares every field of the running spec with the wanted one. */
  public static SpecDiff compare(DomainSpec running, DomainSpec wanted) {
    return compare(new RunningSpec(running, SpecFields.CLASSES.keySet()), wanted);
  }

  /**
   * Compares the fields the running record knows; a field the record does not hold (it was written by an
   * agent that did not have it) is taken as unchanged, so an agent upgrade never asks for a restart.
   */
  public static SpecDiff compare(RunningSpec running, DomainSpec wanted) {
    List<SpecChange> changes = new ArrayList<>();
    List<DiskSpec> attach = new ArrayList<>();
    List<String> detach = new ArrayList<>();
    for (RecordComponent c : DomainSpec.class.getRecordComponents()) {
      FieldClass cls = SpecFields.CLASSES.get(c.getName());
      if (cls == null) {
        throw new IllegalStateException("DomainSpec." + c.getName() + " is not classified in SpecFields");
      }
      if (!running.fields().contains(c.getName()) || cls == FieldClass.START_ONLY) {
        continue;
      }
      Object was = value(c, running.spec());
      Object now = value(c, wanted);
      switch (cls) {
        case DEVICES -> disks(running.spec(), wanted, changes, attach, detach);
        case IMMUTABLE, RESTART_REQUIRED -> {
          if (!Objects.equals(was, now)) {
            changes.add(new SpecChange(c.getName(), cls == FieldClass.IMMUTABLE ? Kind.IMMUTABLE
                : Kind.RESTART_REQUIRED, c.getName() + " changed from " + was + " to " + now));
          }
        }
        default -> { }
      }
    }
    return new SpecDiff(changes, attach, detach);
  }

  /**
   * Compares against a runtime record of the previous format, which holds only {@link LegacySpecHash} of the
   * spec and the names of the disks QEMU was started with. The running spec is taken to be the wanted one
   * restricted to those disks when that reproduces the hash; disks added since then are then live.
   * Otherwise the spec changed in a way the hash cannot tell apart: restart required.
   */
  public static SpecDiff compareLegacy(String specHash, Collection<String> runningDiskNames, DomainSpec wanted) {
    Set<String> names = Set.copyOf(runningDiskNames);
    DomainSpec candidate = wanted.withDisks(wanted.disks().stream().filter(d -> names.contains(d.name())).toList())
        .withPcieRootPorts(0);
    boolean allPresent = candidate.disks().size() == names.size();
    if (allPresent && LegacySpecHash.of(candidate).equals(specHash)) {
      Set<String> known = new java.util.HashSet<>(SpecFields.CLASSES.keySet());
      known.removeAll(LegacySpecHash.FIELDS_ADDED_SINCE);
      return compare(new RunningSpec(candidate, known), wanted);
    }
    return new SpecDiff(List.of(new SpecChange("spec", Kind.RESTART_REQUIRED, "the spec changed since QEMU"
        + " started (its runtime record predates field-by-field comparison and holds only a hash)")), List.of(),
        List.of());
  }

  private static void disks(DomainSpec running, DomainSpec wanted, List<SpecChange> changes, List<DiskSpec> attach,
      List<String> detach) {
    Map<String, DiskSpec> was = byName(running.disks());
    Map<String, DiskSpec> now = byName(wanted.disks());
    boolean scsiController = !running.scsiControllers().isEmpty()
        || running.disks().stream().anyMatch(d -> d.bus() == DiskBus.SCSI);
    for (DiskSpec d : running.disks()) {
      DiskSpec next = now.get(d.name());
      if (next == null) {
        boolean live = d.bus() != DiskBus.SATA;
        changes.add(new SpecChange("disks", live ? Kind.LIVE : Kind.RESTART_REQUIRED, "disk " + d.name()
            + " removed" + (live ? "" : " (bus sata cannot be unplugged)")));
        if (live) {
          detach.add(d.name());
        }
      } else if (!next.equals(d)) {
        changes.add(new SpecChange("disks", Kind.RESTART_REQUIRED, "disk " + d.name() + " changed in place"));
      }
    }
    for (DiskSpec d : wanted.disks()) {
      if (!was.containsKey(d.name())) {
        String why = switch (d.bus()) {
          case SATA -> "bus sata cannot be hot-plugged";
          case SCSI -> scsiController ? null : "the VM has no SCSI controller to plug it into";
          case VIRTIO -> "q35".equals(running.machine()) && running.pcieRootPorts() == 0
              ? "the VM has no spare pcie-root-port" : null;
        };
        changes.add(new SpecChange("disks", why == null ? Kind.LIVE : Kind.RESTART_REQUIRED, "disk " + d.name()
            + " added (" + d.bus().name().toLowerCase(java.util.Locale.ROOT) + ")" + (why == null ? "" : ": " + why)));
        if (why == null) {
          attach.add(d);
        }
      }
    }
  }

  private static Map<String, DiskSpec> byName(List<DiskSpec> disks) {
    Map<String, DiskSpec> map = new LinkedHashMap<>();
    disks.forEach(d -> map.put(d.name(), d));
    return map;
  }

  private static Object value(RecordComponent c, DomainSpec spec) {
    try {
      return c.getAccessor().invoke(spec);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("reading DomainSpec." + c.getName(), e);
    }
  }
}
