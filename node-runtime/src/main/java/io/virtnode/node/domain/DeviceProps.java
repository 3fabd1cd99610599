package io.virtnode.node.domain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.node.qemu.QemuOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ordered properties of one QEMU object (a -device or a -blockdev node), rendered two ways from the
 * same list: as a command-line option value and as the JSON arguments of device_add / blockdev-add, so a
 * device plugged live gets exactly the ids and addresses it would get at start.
 */
public final class DeviceProps {
  private final List<Map.Entry<String, Object>> props = new ArrayList<>();

  /** Properties that start with the given driver (rendered as the implied value of a -device option). */
  public static DeviceProps driver(String driver) {
    return new DeviceProps().add("driver", driver);
  }

  public DeviceProps add(String key, String value) { return put(key, value); }

  public DeviceProps add(String key, long value) { return put(key, value); }

  public DeviceProps add(String key, boolean value) { return put(key, value); }

  private DeviceProps put(String key, Object value) {
    if (value == null) {
      throw new IllegalArgumentException("property " + key + " has no value");
    }
    props.add(Map.entry(key, value));
    return this;
  }

  /** The value of key, or null. */
  public Object get(String key) {
    return props.stream().filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).findFirst().orElse(null);
  }

  /** As a -device value: {@code driver,key=value,...}. */
  public QemuOptions deviceOption() {
    QemuOptions options = QemuOptions.of(String.valueOf(get("driver")));
    props.stream().filter(e -> !e.getKey().equals("driver")).forEach(e -> add(options, e));
    return options;
  }

  /** As a key=value-only value, e.g. for -blockdev: {@code driver=file,filename=...}. */
  public QemuOptions keyOption() {
    QemuOptions options = QemuOptions.keys();
    props.forEach(e -> add(options, e));
    return options;
  }

  /** As QMP arguments: strings, numbers and booleans as JSON values. */
  public ObjectNode json() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, Object> e : props) {
      Object v = e.getValue();
      if (v instanceof Boolean b) {
        node.put(e.getKey(), b);
      } else if (v instanceof Long l) {
        node.put(e.getKey(), l);
      } else {
        node.put(e.getKey(), (String) v);
      }
    }
    return node;
  }

  private static void add(QemuOptions options, Map.Entry<String, Object> e) {
    Object v = e.getValue();
    if (v instanceof Boolean b) {
      options.add(e.getKey(), b);
    } else if (v instanceof Long l) {
      options.add(e.getKey(), l);
    } else {
      options.add(e.getKey(), (String) v);
    }
  }
}
