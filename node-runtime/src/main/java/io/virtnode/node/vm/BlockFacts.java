package io.virtnode.node.vm;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtnode.node.qemu.QmpClient;
import io.virtnode.node.qemu.QmpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * capacity (guest size), allocation (bytes used on the host; the highest written offset for block devices)
 * and physical (size of the file or device) of each disk, the way libvirt's virDomainGetBlockInfo reports them.
 */
final class BlockFacts {
  private BlockFacts() {}

  static List<DiskFacts> collect(QmpClient monitor, Map<String, String> diskNodeNames,
      Map<String, io.virtnode.node.domain.DiskSpec> disks, Duration timeout) throws QmpException {
    Map<String, JsonNode> byNode = new HashMap<>();
    for (JsonNode dev : monitor.execute("query-block", null, timeout)) {
      JsonNode inserted = dev.path("inserted");
      if (!inserted.isMissingNode()) byNode.put(inserted.path("node-name").asText(), inserted);
    }
    Map<String, Long> highest = new HashMap<>();
    for (JsonNode s : monitor.execute("query-blockstats", null, timeout)) {
      highest.put(s.path("node-name").asText(), s.path("wr_highest_offset").asLong());
    }
    List<DiskFacts> out = new ArrayList<>();
    diskNodeNames.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      JsonNode ins = byNode.get(e.getValue());
      if (ins == null) return;
      JsonNode image = ins.path("image");
      Long capacity = image.has("virtual-size") ? image.get("virtual-size").asLong() : null;
      var disk = disks.get(e.getKey()); // QEMU only knows /dev/fdset/N: the real file comes from the spec
      boolean block = disk != null && disk.block();
      Long physical = block ? capacity : disk == null ? null : physicalSize(disk.path().toString());
      Long allocation = block ? highest.get(e.getValue())
          : image.has("actual-size") ? image.get("actual-size").asLong() : null;
      out.add(new DiskFacts(e.getKey(), capacity, allocation, physical));
    });
    return out;
  }

  private static Long physicalSize(String file) {
    try {
      return file.isEmpty() ? null : Files.size(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
