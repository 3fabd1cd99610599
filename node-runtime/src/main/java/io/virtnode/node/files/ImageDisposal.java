package io.virtnode.node.files;

import java.nio.file.Path;
import java.util.List;

/** What happens to a file the agent created for a deleted VM: removed, or kept because others hold it. */
public record ImageDisposal(Path path, Outcome outcome, List<FileOwner> heldBy) {
  /** REMOVE: delete it now; KEPT: other VMs hold it; NOT_OURS: another file stands there now; GONE: missing. */
  public enum Outcome { REMOVE, KEPT, NOT_OURS, GONE }

  public ImageDisposal {
    heldBy = List.copyOf(heldBy);
  }

  /** A sentence for the VM's events. */
  public String describe() {
    return switch (outcome) {
      case REMOVE -> path + " created for this VM was removed";
      case KEPT -> path + " created for this VM was kept: still used by "
          + heldBy.stream().map(FileOwner::display).toList();
      case NOT_OURS -> path + " was kept: the file there now is not the one created for this VM";
      case GONE -> path + " was already gone";
    };
  }
}
