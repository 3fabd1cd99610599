package io.virtnode.node.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.node.domain.CharBackendSpec.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A stable, versioned JSON form of the running {@link DomainSpec}, written field by field (never from
 * toString or reflection), for the runtime record in place of a hash: {@code {"version":1,"spec":{...}}}.
 * Readers ignore unknown members and report which top-level fields were present.
 */
public final class RunningSpecCodec {
  public static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunningSpecCodec() {}

  public static String write(DomainSpec s) {
    ObjectNode spec = JSON.createObjectNode().put("name", s.name()).put("uuid", s.uuid()).put("cpus", s.cpus())
        .put("memoryMiB", s.memoryMiB()).put("machine", s.machine());
    ArrayNode disks = spec.putArray("disks");
    for (DiskSpec d : s.disks()) {
      disks.addObject().put("name", d.name()).put("path", d.path().toString()).put("block", d.block())
          .put("format", d.format().name()).put("bus", d.bus().name()).put("readOnly", d.readOnly());
    }
    ArrayNode controllers = spec.putArray("scsiControllers");
    s.scsiControllers().forEach(c -> controllers.addObject().put("model", c.model().name()));
    charDevices(spec.putArray("serials"), s.serials());
    charDevices(spec.putArray("consoles"), s.consoles());
    charDevices(spec.putArray("parallels"), s.parallels());
    ArrayNode channels = spec.putArray("channels");
    for (ChannelSpec c : s.channels()) {
      ObjectNode ch = channels.addObject().put("name", c.name());
      if (c.port() != null) {
        ch.put("port", c.port());
      }
      backend(ch, c.backend());
    }
    if (s.vnc() != null) {
      spec.putObject("vnc").put("unixSocket", s.vnc().unixSocket());
    } else {
      spec.putNull("vnc");
    }
    spec.put("startPaused", s.startPaused()).put("pcieRootPorts", s.pcieRootPorts());
    ObjectNode root = JSON.createObjectNode().put("version", VERSION);
    root.set("spec", spec);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a stored spec; a field missing from the record takes its default and is left out of fields(). */
  public static RunningSpec read(String json) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !root.path("version").canConvertToInt() || root.get("version").asInt() < 1
        || !root.path("spec").isObject()) {
      throw new IOException("not a stored running spec (no version and spec): " + abbreviate(json));
    }
    JsonNode s = root.get("spec");
    Set<String> fields = new HashSet<>();
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (SpecFields.CLASSES.containsKey(f)) {
        fields.add(f);
      }
    }
    List<DiskSpec> disks = list(s.get("disks"), d -> new DiskSpec(d.path("name").asText(),
        Path.of(d.path("path").asText()), d.path("block").asBoolean(), DiskSpec.DiskFormat.valueOf(
            d.path("format").asText()), DiskSpec.DiskBus.valueOf(d.path("bus").asText()),
        d.path("readOnly").asBoolean()));
    List<ScsiControllerSpec> controllers = list(s.get("scsiControllers"),
        c -> new ScsiControllerSpec(ScsiControllerSpec.Model.valueOf(c.path("model").asText())));
    List<ChannelSpec> channels = list(s.get("channels"), c -> new ChannelSpec(c.path("name").asText(),
        c.hasNonNull("port") ? c.get("port").asInt() : null, backend(c.get("backend"))));
    JsonNode vnc = s.get("vnc");
    DomainSpec spec = new DomainSpec(s.path("name").asText(null), s.path("uuid").asText(null), s.path("cpus").asInt(),
        s.path("memoryMiB").asLong(), s.path("machine").asText(null), disks, controllers,
        charDevices(s.get("serials")), charDevices(s.get("consoles")), charDevices(s.get("parallels")), channels,
        vnc == null || vnc.isNull() ? null : new VncSpec(vnc.path("unixSocket").asBoolean()),
        s.path("startPaused").asBoolean(), s.path("pcieRootPorts").asInt(DomainSpec.DEFAULT_PCIE_ROOT_PORTS));
    return new RunningSpec(spec, fields);
  }

  private static void charDevices(ArrayNode out, List<CharDeviceSpec> devices) {
    devices.forEach(d -> backend(out.addObject().put("name", d.name()), d.backend()));
  }

  private static List<CharDeviceSpec> charDevices(JsonNode array) {
    return list(array, d -> new CharDeviceSpec(d.path("name").asText(), backend(d.get("backend"))));
  }

  private static void backend(ObjectNode owner, CharBackendSpec b) {
    if (b == null) {
      owner.putNull("backend");
      return;
    }
    ObjectNode node = owner.putObject("backend").put("kind", b.kind().name()).put("server", b.server());
    if (b.path() != null) {
      node.put("path", b.path().toString());
    }
  }

  private static CharBackendSpec backend(JsonNode b) {
    if (b == null || b.isNull()) {
      return null;
    }
    return new CharBackendSpec(Kind.valueOf(b.path("kind").asText()),
        b.hasNonNull("path") ? Path.of(b.get("path").asText()) : null, b.path("server").asBoolean());
  }

  private static <T> List<T> list(JsonNode array, Function<JsonNode, T> item) {
    List<T> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(n -> out.add(item.apply(n)));
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s == null ? "null" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
