package io.virtnode.node.security;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping both drivers share: record the original in the ledger before changing a file, count the
 * VMs using it, give it back when the last one leaves, leave shared storage alone on abort policies.
 */
abstract class LedgerLabeler implements SecurityLabeler {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerLabeler.class);
  protected final LabelLedger ledger;
  private final String driver;

  LedgerLabeler(String driver, LabelLedger ledger) {
    this.driver = driver;
    this.ledger = ledger;
  }

  /** The label this VM needs on the target, as recorded in the ledger's "applied". */
  abstract String wanted(String vmId, LabelTarget target) throws IOException;

  /** The file's current label, to be recorded before anything changes. */
  abstract Map<String, String> readOriginal(TargetFile file) throws IOException;

  /** Puts the wanted label on the file (idempotent). */
  abstract void apply(TargetFile file, LabelTarget target, String wanted) throws IOException;

  /** Gives the original back; may tolerate errors the driver allows on restore (warning, no throw). */
  abstract void putBack(TargetFile file, LedgerEntry entry) throws IOException;

  /** Called after restoreAll has gone through every file of the VM. */
  void released(String vmId) throws IOException {}

  boolean enabled() { return true; }

  @Override
  public synchronized void label(String vmId, LabelTarget target) throws IOException {
    if (!enabled()) {
      return;
    }
    String wanted = wanted(vmId, target);
    try (TargetFile file = TargetFile.open(target.path())) {
      Optional<LedgerEntry> known = ledger.entry(driver, file.stat.dev(), file.stat.ino());
      if (known.isPresent()) {
        LedgerEntry e = known.get();
        if (!e.applied().equals(wanted) && !e.vms().equals(java.util.Set.of(vmId))) {
          throw new LabelException("InUseByAnotherVm", driver + ": " + target.path() + " (the file labelled as "
              + e.path() + ") is labelled " + e.applied() + " for " + e.vms() + " and would need " + wanted
              + " for " + vmId + "; mark the disk shared or give each VM its own copy");
        }
        ledger.put(driver, e.withVm(vmId));
        apply(file, target, wanted);
        return;
      }
      LedgerEntry fresh = new LedgerEntry(file.stat.dev(), file.stat.ino(), target.path().toString(), target.kind(),
          target.shared(), readOriginal(file), wanted, new java.util.TreeSet<>(List.of(vmId)));
      ledger.put(driver, fresh); // durable before the file changes
      try {
        apply(file, target, wanted);
      } catch (IOException | RuntimeException e) {
        undo(file, fresh, e);
        throw new LabelException("LabelFailed", driver + ": cannot label " + target.path() + " for " + vmId
            + ": " + e.getMessage(), e);
      }
    }
  }

  private void undo(TargetFile file, LedgerEntry fresh, Exception cause) {
    try {
      putBack(file, fresh);
      ledger.remove(driver, fresh);
    } catch (IOException | RuntimeException again) {
      cause.addSuppressed(again); // entry stays in the ledger: a later restore retries
    }
  }

  @Override
  public synchronized void restore(String vmId, LabelTarget target, RestorePolicy policy) throws IOException {
    Optional<LedgerEntry> known = Optional.empty();
    try (TargetFile file = TargetFile.open(target.path())) {
      known = ledger.entry(driver, file.stat.dev(), file.stat.ino());
    } catch (PathRefusedException | java.nio.file.NoSuchFileException e) {
      // gone or swapped: fall back to the entry labelled through this path
    }
    if (known.isEmpty()) {
      known = ledger.entriesUsedBy(driver, vmId).stream().filter(e -> target.path().toString().equals(e.path()))
          .findFirst();
    }
    if (known.isEmpty() || !known.get().vms().contains(vmId)) {
      return; // never labelled for this VM, or already given back
    }
    restoreEntry(vmId, known.get(), target.shared(), policy);
  }

  private void restoreEntry(String vmId, LedgerEntry entry, boolean shared, RestorePolicy policy)
      throws IOException {
    LedgerEntry rest = entry.withoutVm(vmId);
    if (!rest.vms().isEmpty()) {
      ledger.put(driver, rest);
      LOG.info("{}: {} keeps its label, still used by {}", driver, entry.path(), rest.vms());
      return;
    }
    if ((shared || rest.shared()) && policy.keepsSharedLabels()) {
      ledger.remove(driver, rest);
      LOG.info("{}: {} is shared storage, label left as is ({})", driver, entry.path(), policy);
      return;
    }
    putBackIfSameFile(Path.of(entry.path()), rest);
    ledger.remove(driver, rest);
  }

  private void putBackIfSameFile(Path path, LedgerEntry entry) throws IOException {
    TargetFile file;
    try {
      file = TargetFile.open(path);
    } catch (PathRefusedException | java.nio.file.NoSuchFileException e) {
      LOG.warn("{}: not restoring the label of {}: {}", driver, path, e.getMessage());
      return; // gone, or swapped for a symlink: never follow it
    }
    try (file) {
      if (!entry.sameInode(file.stat.dev(), file.stat.ino())) {
        LOG.warn("{}: not restoring the label of {}: the file was replaced since it was labelled", driver, path);
        return;
      }
      putBack(file, entry);
    }
  }

  @Override
  public synchronized void restoreAll(String vmId, RestorePolicy policy) throws IOException {
    List<IOException> failures = new ArrayList<>();
    for (LedgerEntry e : ledger.entriesUsedBy(driver, vmId)) {
      try {
        restoreEntry(vmId, e, e.shared(), policy);
      } catch (IOException ex) {
        failures.add(ex);
      }
    }
    if (failures.isEmpty()) {
      released(vmId);
      return;
    }
    IOException first = failures.get(0);
    failures.subList(1, failures.size()).forEach(first::addSuppressed);
    throw first;
  }
}
