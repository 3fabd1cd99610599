package io.virtnode.node.security;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One labelled file as a driver recorded it: the inode it labelled (dev, ino), the original label to give
 * back, the label applied, and the VMs on this node using it (the reference count).
 */
public record LedgerEntry(long dev, long ino, LabelTarget.Kind kind, boolean shared, Map<String, String> original,
    String applied, SortedSet<String> vms) {
  public LedgerEntry {
    original = Map.copyOf(original);
    vms = new TreeSet<>(vms);
  }

  /** A copy with the VM added to the users. */
  public LedgerEntry withVm(String vmId) {
    TreeSet<String> more = new TreeSet<>(vms);
    more.add(vmId);
    return new LedgerEntry(dev, ino, kind, shared, original, applied, more);
  }

  /** A copy with the VM removed from the users. */
  public LedgerEntry withoutVm(String vmId) {
    TreeSet<String> fewer = new TreeSet<>(vms);
    fewer.remove(vmId);
    return new LedgerEntry(dev, ino, kind, shared, original, applied, fewer);
  }

  /** Whether this entry describes the inode now at its path. */
  public boolean sameInode(long dev, long ino) { return this.dev == dev && this.ino == ino; }
}
