package io.virtnode.node.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.virtnode.node.security.LabelLedger;
import io.virtnode.node.security.LedgerEntry;
import io.virtnode.node.state.DurableFiles;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The node-wide registry of every file a VM uses, keyed by {@link FileKey} (device + inode), with role and
 * owner; plus the files the agent created and for whom, and the disks of stopped VMs. A file in a writable
 * role belongs to exactly one VM; only read-only disks and backing layers are shared. Every change is
 * written durably (temp file, fsync, rename) before it counts; a registry that cannot be read fails closed.
 */
public final class FileRegistry {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Path file;
  private Contents contents;
  private final boolean fresh;

  /** The JSON document: holds by key, created files by key, disks of stopped VMs by key. */
  record Contents(Map<String, List<FileHold>> holds, Map<String, FileHold> created, Map<String, FileHold> rested) {
    Contents {
      holds = holds == null ? new TreeMap<>() : new TreeMap<>(holds);
      created = created == null ? new TreeMap<>() : new TreeMap<>(created);
      rested = rested == null ? new TreeMap<>() : new TreeMap<>(rested);
    }

    Contents copy() {
      Map<String, List<FileHold>> h = new TreeMap<>();
      holds.forEach((k, v) -> h.put(k, new ArrayList<>(v)));
      return new Contents(h, created, rested);
    }
  }

  /** Loads stateDir/files.json, or starts empty. */
  public FileRegistry(Path stateDir) throws IOException {
    this.file = stateDir.resolve("files.json");
    this.fresh = !Files.exists(file);
    if (!fresh) {
      try {
        contents = JSON.readValue(file.toFile(), Contents.class);
      } catch (IOException e) {
        throw new IOException("cannot read the file registry " + file + " (it says which VM owns which file;"
            + " repair or restore it, do not delete it): " + e.getMessage(), e);
      }
    } else {
      contents = new Contents(null, null, null);
    }
  }

  public Path file() { return file; }

  /**
   * Only when the registry is new (an agent that kept none before): records, from the VM records, the images
   * the agent created and, from the label ledger, the files VMs use now, so that VMs running across the
   * upgrade keep their files. Files that are gone, or whose inode is no longer the labelled one, are skipped.
   */
  public synchronized void seedIfNew(List<VmRecord> records, LabelLedger ledger, FileProbe probe) throws IOException {
    if (!fresh || !contents.holds().isEmpty() || !contents.created().isEmpty()) return;
    for (VmRecord r : records) {
      FileOwner owner = new FileOwner(r.uid(), r.namespace(), r.name());
      for (String f : r.createdFiles()) {
        Optional<FileKey> key = probe.keyOf(Path.of(f));
        if (key.isPresent()) recordCreated(owner, key.get(), FileRole.DISK_RW, Path.of(f));
      }
      for (LedgerEntry e : ledger.entriesUsedBy(r.uid())) {
        Optional<FileKey> key = probe.keyOf(Path.of(e.path()));
        if (key.isPresent() && key.get().equals(new FileKey(e.dev(), e.ino()))
            && conflict(owner, key.get(), ClaimingLabeler.roleOf(e.kind())).isEmpty()) {
          claim(owner, key.get(), ClaimingLabeler.roleOf(e.kind()), Path.of(e.path()));
        }
      }
    }
  }

  /** The hold of another VM (or another role of this VM) that excludes using key as role, if any. */
  public synchronized Optional<FileHold> conflict(FileOwner me, FileKey key, FileRole role) {
    for (FileHold h : contents.holds().getOrDefault(key.id(), List.of())) {
      boolean mine = h.owner().same(me);
      if (mine && h.role() == role) continue;
      if (h.role().shareable() && role.shareable()) continue;
      return Optional.of(h);
    }
    return Optional.empty();
  }

  /** Records that me uses key as role (idempotent); refused with FileInUse when another hold excludes it. */
  public synchronized void claim(FileOwner me, FileKey key, FileRole role, Path path) throws IOException {
    Optional<FileHold> other = conflict(me, key, role);
    if (other.isPresent()) throw new FileInUseException(path.toString(), role, other.get());
    List<FileHold> now = contents.holds().getOrDefault(key.id(), List.of());
    if (now.stream().anyMatch(h -> h.owner().same(me) && h.role() == role)) return;
    Contents next = contents.copy();
    next.holds().computeIfAbsent(key.id(), k -> new ArrayList<>()).add(new FileHold(me, role, path.toString()));
    persist(next);
  }

  /** Every VM holding key now. */
  public synchronized List<FileHold> holders(FileKey key) {
    return List.copyOf(contents.holds().getOrDefault(key.id(), List.of()));
  }

  /** Drops the VM's holds of one file it no longer uses (e.g. a disk unplugged from it). */
  public synchronized void release(String uid, FileKey key) throws IOException {
    List<FileHold> now = contents.holds().getOrDefault(key.id(), List.of());
    if (now.stream().noneMatch(h -> h.owner().uid().equals(uid))) return;
    Contents next = contents.copy();
    List<FileHold> left = next.holds().get(key.id());
    left.removeIf(h -> h.owner().uid().equals(uid));
    if (left.isEmpty()) next.holds().remove(key.id());
    persist(next);
  }

  /** Drops every hold of the VM (its QEMU is gone); its disks are remembered as its until it is forgotten. */
  public synchronized void releaseAll(String uid) throws IOException {
    Contents next = contents.copy();
    boolean changed = false;
    for (var it = next.holds().entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      for (FileHold h : e.getValue()) {
        if (h.owner().uid().equals(uid) && h.role().disk()) next.rested().put(e.getKey(), h);
      }
      changed |= e.getValue().removeIf(h -> h.owner().uid().equals(uid));
      if (e.getValue().isEmpty()) it.remove();
    }
    if (changed) persist(next);
  }

  /** The last disk use of key by a VM that has stopped, if that VM still exists. */
  public synchronized Optional<FileHold> restedDisk(FileKey key) {
    return Optional.ofNullable(contents.rested().get(key.id()));
  }

  /** Records that the agent created key for me (before it is labelled or used). */
  public synchronized void recordCreated(FileOwner me, FileKey key, FileRole role, Path path) throws IOException {
    FileHold was = contents.created().get(key.id());
    if (was != null && was.owner().same(me)) return;
    Contents next = contents.copy();
    next.created().put(key.id(), new FileHold(me, role, path.toString()));
    persist(next);
  }

  /** Who the agent created key for, if it did. */
  public synchronized Optional<FileHold> created(FileKey key) {
    return Optional.ofNullable(contents.created().get(key.id()));
  }

  /**
   * The VM is deleted: decides whether each file the agent created for it may go (only when no other VM
   * holds it) and forgets the VM. A kept file is no longer recorded as created, so it is never removed later.
   */
  public synchronized List<ImageDisposal> dispose(String uid, List<Path> createdPaths, FileProbe probe)
      throws IOException {
    Contents next = contents.copy();
    List<ImageDisposal> out = new ArrayList<>();
    for (Path p : createdPaths) {
      Optional<FileKey> key = probe.keyOf(p);
      FileHold made = key.map(k -> next.created().get(k.id())).orElse(null);
      if (key.isEmpty()) {
        out.add(new ImageDisposal(p, ImageDisposal.Outcome.GONE, List.of()));
      } else if (made == null || !made.owner().uid().equals(uid)) {
        out.add(new ImageDisposal(p, ImageDisposal.Outcome.NOT_OURS, List.of()));
      } else {
        List<FileOwner> others = next.holds().getOrDefault(key.get().id(), List.of()).stream()
            .map(FileHold::owner).filter(o -> !o.uid().equals(uid)).distinct().toList();
        out.add(new ImageDisposal(p, others.isEmpty() ? ImageDisposal.Outcome.REMOVE : ImageDisposal.Outcome.KEPT,
            others));
        next.created().remove(key.get().id());
      }
    }
    // Console logs the agent made stay the agent's: a later VM of the same namespace may append to them.
    next.created().replaceAll((k, h) -> h.owner().uid().equals(uid) && h.role() == FileRole.CHARDEV_FILE
        ? new FileHold(FileOwner.released(h.owner().namespace()), h.role(), h.path()) : h);
    next.created().values().removeIf(h -> h.owner().uid().equals(uid));
    next.rested().values().removeIf(h -> h.owner().uid().equals(uid));
    for (var it = next.holds().entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      e.getValue().removeIf(h -> h.owner().uid().equals(uid));
      if (e.getValue().isEmpty()) it.remove();
    }
    persist(next);
    return out;
  }

  private void persist(Contents next) throws IOException {
    try {
      DurableFiles.replace(file, JSON.writeValueAsBytes(next));
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot write the file registry " + file + ": " + e.getMessage(), e);
    }
    contents = next;
  }
}
