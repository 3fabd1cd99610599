package io.virtnode.node.security;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One labelled file as a driver recorded it: the inode it labelled (dev, ino), the path it was labelled
 * through (to open it again), the original label to give back, the label applied, and the VMs on this node
 * using it (the reference count). One entry per inode, whichever paths (aliases) name it.
 */
public record LedgerEntry(long dev, long ino, String path, LabelTarget.Kind kind, boolean shared,
    Map<String, String> original, String applied, SortedSet<String> vms) {
  public LedgerEntry {
    original = Map.copyOf(original);
    vms = new TreeSet<>(vms);
  }

  /** A copy with the VM added to the users. */
  public LedgerEntry withVm(String vmId) {
    TreeSet<String> more = new TreeSet<>(vms);
    more.add(vmId);
    return new LedgerEntry(dev, ino, path, kind, shared, original, applied, more);
  }

  /** A copy with the VM removed from the users. */
  public LedgerEntry withoutVm(String vmId) {
    TreeSet<String> fewer = new TreeSet<>(vms);
    fewer.remove(vmId);
    return new LedgerEntry(dev, ino, path, kind, shared, original, applied, fewer);
  }

  /** A copy labelled through path (entries of the old, path-keyed ledger). */
  LedgerEntry withPath(String p) { return new LedgerEntry(dev, ino, p, kind, shared, original, applied, vms); }

  /** Whether this entry describes the inode now at its path. */
  public boolean sameInode(long dev, long ino) { return this.dev == dev && this.ino == ino; }

  /** The ledger's key of this entry's inode, "dev:ino". */
  public String key() { return key(dev, ino); }

  static String key(long dev, long ino) { return dev + ":" + ino; }
}
