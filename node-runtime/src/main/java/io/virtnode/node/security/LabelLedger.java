package io.virtnode.node.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The durable record of every label the drivers applied on this node (original values, users per file),
 * keyed by inode (dev:ino) so that aliases of one file share one original, and of the MCS pairs handed out.
 * Every change is written and fsync'ed before it is acted on; a ledger that cannot be read or written fails
 * closed. A ledger of the older path-keyed form is migrated when loaded.
 */
public final class LabelLedger {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Path file;
  private Contents contents;

  /** The JSON document on disk: inodes by driver by "dev:ino"; files is the old path-keyed form, read only. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Contents(Map<String, Map<String, LedgerEntry>> inodes, Map<String, String> mcs,
      Map<String, Map<String, LedgerEntry>> files) {
    Contents {
      inodes = inodes == null ? new TreeMap<>() : new TreeMap<>(inodes);
      mcs = mcs == null ? new TreeMap<>() : new TreeMap<>(mcs);
    }

    /** A deep copy to change, so a failed write leaves the in-memory ledger as it is on disk. */
    Contents copy() {
      Map<String, Map<String, LedgerEntry>> f = new TreeMap<>();
      inodes.forEach((driver, entries) -> f.put(driver, new TreeMap<>(entries)));
      return new Contents(f, mcs, null);
    }
  }

  /** Loads stateDir/security-labels.json, or starts empty when it does not exist yet. */
  public LabelLedger(Path stateDir) throws IOException {
    this.file = stateDir.resolve("security-labels.json");
    if (Files.exists(file)) {
      try {
        contents = JSON.readValue(file.toFile(), Contents.class);
      } catch (IOException e) {
        throw new IOException("cannot read label ledger " + file + " (originals of labelled files are in it;"
            + " repair or restore it, do not delete it): " + e.getMessage(), e);
      }
      if (contents.files() != null) {
        persist(migrate(contents));
      }
    } else {
      contents = new Contents(null, null, null);
    }
  }

  /**
   * The path-keyed ledger as one entry per inode: aliases merge their users, and the original kept is one
   * that differs from the applied label (an alias labelled second saw the first one's label as original).
   */
  static Contents migrate(Contents old) {
    Contents next = old.copy();
    old.files().forEach((driver, byPath) -> byPath.forEach((path, e) -> {
      Map<String, LedgerEntry> mine = next.inodes().computeIfAbsent(driver, d -> new TreeMap<>());
      LedgerEntry entry = e.path() == null ? e.withPath(path) : e;
      LedgerEntry was = mine.get(entry.key());
      if (was != null) {
        boolean keepWas = !isApplied(was) || isApplied(entry);
        LedgerEntry base = keepWas ? was : entry;
        for (String vm : (keepWas ? entry : was).vms()) base = base.withVm(vm);
        entry = base;
      }
      mine.put(entry.key(), entry);
    }));
    return new Contents(next.inodes(), next.mcs(), null);
  }

  /** The original recorded is the label that was applied: it was recorded through an already-labelled alias. */
  private static boolean isApplied(LedgerEntry e) {
    Map<String, String> o = e.original();
    if (o.containsKey("uid")) return e.applied().equals(o.get("uid") + ":" + o.get("gid"));
    if (!o.containsKey("xattr")) return false;
    String label = new String(java.util.Base64.getDecoder().decode(o.get("xattr")),
        java.nio.charset.StandardCharsets.UTF_8);
    return e.applied().equals(label.replace("\0", ""));
  }

  /** Where the ledger lives. */
  public Path file() { return file; }

  /** The driver's entry of inode dev:ino. */
  public synchronized Optional<LedgerEntry> entry(String driver, long dev, long ino) {
    return Optional.ofNullable(contents.inodes().getOrDefault(driver, Map.of()).get(LedgerEntry.key(dev, ino)));
  }

  /** The driver's entry of the inode now at path (not following a symlink), or empty when there is none. */
  public synchronized Optional<LedgerEntry> entry(String driver, Path path) {
    try {
      Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
      return entry(driver, (Long) a.get("dev"), (Long) a.get("ino"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Records the entry under its inode durably (returns only once it is on disk). */
  public synchronized void put(String driver, LedgerEntry entry) throws IOException {
    Contents next = contents.copy();
    next.inodes().computeIfAbsent(driver, d -> new TreeMap<>()).put(entry.key(), entry);
    persist(next);
  }

  public synchronized void remove(String driver, LedgerEntry entry) throws IOException {
    Contents next = contents.copy();
    Map<String, LedgerEntry> entries = next.inodes().get(driver);
    if (entries != null && entries.remove(entry.key()) != null) {
      persist(next);
    }
  }

  /** The driver's entries the VM uses. */
  public synchronized List<LedgerEntry> entriesUsedBy(String driver, String vmId) {
    return contents.inodes().getOrDefault(driver, Map.of()).values().stream()
        .filter(e -> e.vms().contains(vmId)).toList();
  }

  /** Every driver's entries the VM uses, one per inode. */
  public synchronized List<LedgerEntry> entriesUsedBy(String vmId) {
    Map<String, LedgerEntry> byInode = new TreeMap<>();
    contents.inodes().values().forEach(m -> m.values().stream().filter(e -> e.vms().contains(vmId))
        .forEach(e -> byInode.putIfAbsent(e.key(), e)));
    return List.copyOf(byInode.values());
  }

  /** MCS category pairs by VM id. */
  public synchronized Map<String, String> mcsPairs() { return Map.copyOf(contents.mcs()); }

  public synchronized void putMcs(String vmId, String pair) throws IOException {
    Contents next = contents.copy();
    next.mcs().put(vmId, pair);
    persist(next);
  }

  public synchronized void removeMcs(String vmId) throws IOException {
    Contents next = contents.copy();
    if (next.mcs().remove(vmId) != null) {
      persist(next);
    }
  }

  /** Temp file, fsync, atomic rename, fsync of the directory; only then is next the ledger. */
  private void persist(Contents next) throws IOException {
    try {
      io.virtnode.node.state.DurableFiles.replace(file, JSON.writeValueAsBytes(next));
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot write label ledger " + file + ": " + e.getMessage(), e);
    }
    contents = next;
  }
}
