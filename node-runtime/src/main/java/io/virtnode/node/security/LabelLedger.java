package io.virtnode.node.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The durable record of every label the drivers applied on this node (original values, users per file) and
 * of the MCS pairs handed out. Every change is written and fsync'ed before it is acted on; a ledger that
 * cannot be read or written fails closed.
 */
public final class LabelLedger {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Path file;
  private Contents contents;

  /** The JSON document on disk. */
  record Contents(Map<String, Map<String, LedgerEntry>> files, Map<String, String> mcs) {
    Contents {
      files = files == null ? new TreeMap<>() : new TreeMap<>(files);
      mcs = mcs == null ? new TreeMap<>() : new TreeMap<>(mcs);
    }

    /** A deep copy to change, so a failed write leaves the in-memory ledger as it is on disk. */
    Contents copy() {
      Map<String, Map<String, LedgerEntry>> f = new TreeMap<>();
      files.forEach((driver, entries) -> f.put(driver, new TreeMap<>(entries)));
      return new Contents(f, mcs);
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
    } else {
      contents = new Contents(null, null);
    }
  }

  /** Where the ledger lives. */
  public Path file() { return file; }

  public synchronized Optional<LedgerEntry> entry(String driver, Path path) {
    return Optional.ofNullable(contents.files().getOrDefault(driver, Map.of()).get(path.toString()));
  }

  /** Records the entry durably (returns only once it is on disk). */
  public synchronized void put(String driver, Path path, LedgerEntry entry) throws IOException {
    Contents next = contents.copy();
    next.files().computeIfAbsent(driver, d -> new TreeMap<>()).put(path.toString(), entry);
    persist(next);
  }

  public synchronized void remove(String driver, Path path) throws IOException {
    Contents next = contents.copy();
    Map<String, LedgerEntry> entries = next.files().get(driver);
    if (entries != null && entries.remove(path.toString()) != null) {
      persist(next);
    }
  }

  /** The driver's entries the VM uses, by path. */
  public synchronized Map<Path, LedgerEntry> entriesUsedBy(String driver, String vmId) {
    Map<Path, LedgerEntry> used = new TreeMap<>();
    contents.files().getOrDefault(driver, Map.of()).forEach((p, e) -> {
      if (e.vms().contains(vmId)) {
        used.put(Path.of(p), e);
      }
    });
    return used;
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
