package io.virtnode.node.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Probed capabilities by binary path + mtime + size, in memory and as one JSON file per binary. */
final class CapabilityProbeCache {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FORMAT = 1;

  /** What identifies one build of a binary. */
  record Stamp(long mtimeMillis, long size) {}

  private record Entry(Stamp stamp, Capabilities capabilities) {}

  private final Path dir;
  private final Map<String, Entry> memory = new ConcurrentHashMap<>();

  CapabilityProbeCache(Path dir) {
    this.dir = dir;
  }

  /** The cached capabilities of binary if it is unchanged, else null. */
  Capabilities get(String binary, Stamp stamp) {
    Entry entry = memory.get(binary);
    if (entry == null) {
      entry = readFile(binary);
      if (entry != null) {
        memory.put(binary, entry);
      }
    }
    return entry != null && entry.stamp().equals(stamp) ? entry.capabilities() : null;
  }

  /** Remembers capabilities; a cache file that cannot be written only costs a re-probe after a restart. */
  void put(String binary, Stamp stamp, Capabilities capabilities) {
    memory.put(binary, new Entry(stamp, capabilities));
    ObjectNode node = JSON.createObjectNode()
        .put("format", FORMAT).put("binary", binary).put("mtimeMillis", stamp.mtimeMillis())
        .put("size", stamp.size()).put("version", capabilities.version());
    capabilities.flags().forEach(f -> node.withArray("flags").add(f.name()));
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".probe", ".tmp");
      Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
      Files.move(tmp, file(binary), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(CapabilityProbeCache.class)
          .warn("cannot write capability cache for {} in {}: {}", binary, dir, e.toString());
    }
  }

  private Entry readFile(String binary) {
    Path file = file(binary);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node.path("format").asInt() != FORMAT || !binary.equals(node.path("binary").asText())) {
        return null;
      }
      Set<QemuCapability> flags = EnumSet.noneOf(QemuCapability.class);
      for (JsonNode flag : node.path("flags")) {
        flags.add(QemuCapability.valueOf(flag.asText()));
      }
      Stamp stamp = new Stamp(node.path("mtimeMillis").asLong(), node.path("size").asLong());
      return new Entry(stamp, new Capabilities(binary, node.path("version").asText(), flags));
    } catch (IOException | IllegalArgumentException e) {
      return null; // unreadable or from another version of the enum: probe again
    }
  }

  private Path file(String binary) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(binary.getBytes(StandardCharsets.UTF_8));
      return dir.resolve(HexFormat.of().formatHex(hash, 0, 16) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
