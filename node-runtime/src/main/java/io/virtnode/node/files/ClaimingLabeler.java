package io.virtnode.node.files;

import io.virtnode.node.security.LabelTarget;
import io.virtnode.node.security.RestorePolicy;
import io.virtnode.node.security.SecurityLabeler;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.util.Optional;

/**
 * Claims each file in the {@link FileRegistry} before the wrapped labeler touches it, and releases the VM's
 * claims once its labels are given back: a file another VM holds in a conflicting role is refused
 * (FileInUse) before its owner or label changes. Images the VM's record lists as created, and char-device
 * files the agent has just made for it, are recorded as created for the VM by their inode.
 */
public final class ClaimingLabeler implements SecurityLabeler {
  /** The VM's runtime record (owner and created files), looked up by uid. */
  @FunctionalInterface
  public interface Records {
    Optional<VmRecord> load(String uid) throws IOException;
  }

  private final SecurityLabeler inner;
  private final FileRegistry registry;
  private final Records records;
  private final FileProbe probe = new FileProbe();
  private final int agentUid;

  public ClaimingLabeler(SecurityLabeler inner, FileRegistry registry, Records records, int agentUid) {
    this.inner = inner;
    this.registry = registry;
    this.records = records;
    this.agentUid = agentUid;
  }

  @Override
  public synchronized void label(String vmId, LabelTarget target) throws IOException {
    claim(vmId, target);
    inner.label(vmId, target);
  }

  /** Claims the file in the registry; the wrapped labeler never sees it. */
  @Override
  public synchronized void claimUnlabelled(String vmId, LabelTarget target) throws IOException {
    claim(vmId, target);
  }

  private void claim(String vmId, LabelTarget target) throws IOException {
    Optional<VmRecord> rec = records.load(vmId);
    FileOwner owner = rec.map(r -> new FileOwner(r.uid(), r.namespace(), r.name()))
        .orElse(new FileOwner(vmId, null, null));
    var facts = probe.facts(target.path()).orElseThrow(() -> new java.nio.file.NoSuchFileException(
        target.path().toString(), null, "not found when claiming it for VM " + owner.display()));
    FileRole role = roleOf(target.kind());
    if (registry.created(facts.key()).isEmpty() && madeNow(rec, target, facts)) {
      registry.recordCreated(owner, facts.key(), role, target.path());
    }
    registry.claim(owner, facts.key(), role, target.path());
  }

  /** An image the record says was created for the VM, or an empty char-device file the agent just made. */
  private boolean madeNow(Optional<VmRecord> rec, LabelTarget target, FileProbe.Facts facts) {
    if (target.kind() == LabelTarget.Kind.DISK) {
      return rec.isPresent() && rec.get().createdFiles().contains(target.path().toString());
    }
    return target.kind() == LabelTarget.Kind.CHARDEV_FILE && facts.regular() && facts.size() == 0
        && facts.uid() == agentUid && facts.nlink() == 1 && registry.holders(facts.key()).isEmpty()
        && registry.restedDisk(facts.key()).isEmpty();
  }

  static FileRole roleOf(LabelTarget.Kind kind) {
    return switch (kind) {
      case DISK, SAVED_IMAGE -> FileRole.DISK_RW;
      case BACKING -> FileRole.BACKING;
      case CHARDEV_FILE -> FileRole.CHARDEV_FILE;
      case MONITOR_SOCKET -> FileRole.SOCKET;
    };
  }

  @Override
  public synchronized void restore(String vmId, LabelTarget target, RestorePolicy policy) throws IOException {
    inner.restore(vmId, target, policy);
    var key = probe.keyOf(target.path()); // given back: the file is no longer this VM's (e.g. a disk unplugged)
    if (key.isPresent()) registry.release(vmId, key.get());
  }

  @Override
  public synchronized void restoreAll(String vmId, RestorePolicy policy) throws IOException {
    try {
      inner.restoreAll(vmId, policy);
    } finally {
      registry.releaseAll(vmId);
    }
  }
}
