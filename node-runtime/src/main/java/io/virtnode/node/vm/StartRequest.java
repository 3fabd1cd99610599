package io.virtnode.node.vm;

import io.virtnode.node.domain.DomainSpec;
import java.util.List;

/** What to start: which VM, its domain, the blank images to create when missing, and how to leave its CPUs. */
public record StartRequest(VmIdentity id, DomainSpec spec, List<DiskCreation> creations, StartMode mode) {
  public StartRequest {
    creations = List.copyOf(creations == null ? List.of() : creations);
    mode = mode == null ? (spec.startPaused() ? StartMode.Paused : StartMode.Run) : mode;
  }
}
