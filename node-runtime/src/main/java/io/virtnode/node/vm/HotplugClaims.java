package io.virtnode.node.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.state.Claim;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The claims of a hotplug in flight: the disk being plugged (its spec, so a restarted agent can undo it),
 * and the ACL rule and labels taken for it. All are gone from the record once the hotplug ends.
 */
final class HotplugClaims {
  /** The disk a hotplug works on; key: the disk as JSON. */
  static final String DISK = "hotplug-disk";
  /** A block device allowed in the VM's cgroup for the disk; key: its path. */
  static final String ACL = "hotplug-acl";
  /** A file labelled for the disk; key: its path. */
  static final String LABEL = "hotplug-label";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HotplugClaims() {}

  static boolean isHotplug(Claim c) { return c.kind().equals(DISK) || c.kind().equals(ACL) || c.kind().equals(LABEL); }

  static Claim disk(DiskSpec d) {
    var node = JSON.createObjectNode().put("name", d.name()).put("path", d.path().toString()).put("block", d.block())
        .put("format", d.format().name()).put("bus", d.bus().name()).put("readOnly", d.readOnly());
    return Claim.run(DISK, node.toString());
  }

  /** The disk a recorded hotplug was working on, if any. */
  static Optional<DiskSpec> disk(VmRecord rec) throws IOException {
    for (Claim c : rec.claims()) {
      if (!c.kind().equals(DISK)) continue;
      JsonNode d = JSON.readTree(c.key());
      return Optional.of(new DiskSpec(d.path("name").asText(), Path.of(d.path("path").asText()),
          d.path("block").asBoolean(), DiskSpec.DiskFormat.valueOf(d.path("format").asText()),
          DiskSpec.DiskBus.valueOf(d.path("bus").asText()), d.path("readOnly").asBoolean()));
    }
    return Optional.empty();
  }

  static boolean has(VmRecord rec, String kind, String key) { return rec.claims().contains(Claim.run(kind, key)); }

  /** The record without any hotplug claim. */
  static VmRecord cleared(VmRecord rec) {
    VmRecord r = rec;
    for (Claim c : List.copyOf(rec.claims())) if (isHotplug(c)) r = r.withoutClaim(c);
    return r;
  }
}
