package io.virtnode.node.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Per-VM records on disk, one JSON file per uid, replaced atomically and fsync'ed. */
public final class RuntimeStore {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeStore.class);
  private static final Pattern UID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final Path dir;

  public RuntimeStore(Path stateDir) {
    this.dir = stateDir.resolve("vms");
  }

  /** Writes the record durably (temp file, fsync, rename, fsync dir); fails closed with StateWriteException. */
  public void save(VmRecord record) throws StateWriteException {
    Path target = file(record.uid());
    try {
      DurableFiles.replace(target, json.writeValueAsBytes(record));
    } catch (IOException | RuntimeException e) {
      throw new StateWriteException("cannot write runtime state " + target + ": " + e.getMessage(), e);
    }
  }

  /** The record of uid, upgraded in place (and rewritten) when an earlier agent wrote it. */
  public Optional<VmRecord> load(String uid) throws IOException {
    Path f = file(uid);
    if (!Files.exists(f)) return Optional.empty();
    return Optional.of(read(f));
  }

  private VmRecord read(Path f) throws IOException {
    var tree = json.readTree(f.toFile());
    if (!(tree instanceof ObjectNode obj)) throw new IOException(f + " is not a JSON object");
    int was = RecordUpgrade.versionOf(obj);
    VmRecord rec;
    try {
      rec = json.treeToValue(RecordUpgrade.upgrade(obj), VmRecord.class);
    } catch (IllegalArgumentException e) {
      throw new IOException(f + ": " + e.getMessage(), e);
    }
    if (was != VmRecord.SCHEMA_VERSION) {
      save(rec);
      LOG.info("Upgraded runtime record {} from schema {} to {}", f, was, VmRecord.SCHEMA_VERSION);
    }
    return rec;
  }

  /** All readable records; unreadable ones are logged and left in place for a person to inspect. */
  public List<VmRecord> loadAll() throws IOException {
    List<VmRecord> all = new ArrayList<>();
    if (!Files.isDirectory(dir)) return all;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        try {
          all.add(read(f));
        } catch (IOException e) {
          LOG.error("Ignoring unreadable runtime record {}: {}", f, e.getMessage());
        }
      }
    }
    return all;
  }

  public void delete(String uid) throws StateWriteException {
    try {
      // Nothing deleted (e.g. a fresh node that never saved): nothing to make durable, and no vms/ to sync.
      if (Files.deleteIfExists(file(uid))) syncDir();
    } catch (IOException e) {
      throw new StateWriteException("cannot delete runtime state of " + uid + ": " + e.getMessage(), e);
    }
  }

  private Path file(String uid) {
    if (!UID.matcher(uid).matches()) throw new IllegalArgumentException("not a uid: " + uid);
    return dir.resolve(uid + ".json");
  }

  private void syncDir() throws IOException {
    DurableFiles.syncDirectory(dir);
  }
}
