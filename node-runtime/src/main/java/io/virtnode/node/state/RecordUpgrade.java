package io.virtnode.node.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Brings a record written by an earlier agent to {@link VmRecord#SCHEMA_VERSION}, as JSON, before it is
 * bound. Version 0 (no schemaVersion field) listed created images as {@code createdFiles} and held no claims:
 * its images become VM claims, and a recorded process gets the run claims every start of that agent took
 * (port, runtime dir, cgroup, labels, QEMU), so stopping it gives everything back.
 */
public final class RecordUpgrade {
  private RecordUpgrade() {}

  /** The version the JSON says, 0 when it has none. */
  public static int versionOf(JsonNode json) { return json.path("schemaVersion").asInt(0); }

  /** Upgrades in place; throws when the record is newer than this agent understands. */
  public static ObjectNode upgrade(ObjectNode json) {
    int v = versionOf(json);
    if (v > VmRecord.SCHEMA_VERSION) {
      throw new IllegalArgumentException("runtime record of schema " + v + " is newer than this agent ("
          + VmRecord.SCHEMA_VERSION + "): run an agent at least as new as the one that wrote it");
    }
    if (v == 0) fromV0(json);
    return json;
  }

  private static void fromV0(ObjectNode json) {
    ArrayNode claims = json.putArray("claims");
    JsonNode process = json.path("process");
    if (process.isObject()) {
      if (process.hasNonNull("vncPort")) claim(claims, "vnc-port", process.get("vncPort").asText(), "RUN");
      claim(claims, "run-dir", process.path("runtimeDir").asText(""), "RUN");
      claim(claims, "cgroup", "", "RUN");
      claim(claims, "device-acl", "", "RUN");
      claim(claims, "labels", "", "RUN");
      claim(claims, "qemu", "", "RUN");
    }
    for (JsonNode f : json.path("createdFiles")) claim(claims, VmRecord.IMAGE, f.asText(), "VM");
    json.remove("createdFiles");
    json.put("schemaVersion", 1);
  }

  private static void claim(ArrayNode claims, String kind, String key, String scope) {
    claims.addObject().put("kind", kind).put("key", key).put("scope", scope);
  }
}
