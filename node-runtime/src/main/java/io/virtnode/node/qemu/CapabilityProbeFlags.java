package io.virtnode.node.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Turns the answers of -help and of the probing QMP queries into capability flags (pure). */
final class CapabilityProbeFlags {
  /** qom-list-types names that map to device capabilities. */
  static final Map<String, QemuCapability> DEVICES = Map.of(
      "virtio-blk-pci", QemuCapability.DEVICE_VIRTIO_BLK,
      "virtio-scsi-pci", QemuCapability.DEVICE_VIRTIO_SCSI,
      "lsi53c895a", QemuCapability.DEVICE_LSI,
      "ich9-ahci", QemuCapability.DEVICE_AHCI,
      "virtio-serial-pci", QemuCapability.DEVICE_VIRTIO_SERIAL,
      "isa-serial", QemuCapability.DEVICE_ISA_SERIAL,
      "isa-parallel", QemuCapability.DEVICE_ISA_PARALLEL,
      "VGA", QemuCapability.DEVICE_VGA);

  private CapabilityProbeFlags() {}

  /** Top-level options listed by -help, e.g. "-incoming", "-sandbox" (lines starting with the option). */
  static Set<String> helpOptions(String help) {
    Set<String> options = new HashSet<>();
    for (String line : help.split("\n")) {
      if (line.startsWith("-")) {
        int end = 1;
        while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '-')) {
          end++;
        }
        options.add(line.substring(0, end));
      }
    }
    return options;
  }

  /** The flags, from -help and the replies of query-commands, qom-list-types, query-command-line-options and
   * query-migrate-capabilities. KVM is not decided here. */
  static Set<QemuCapability> flags(String help, JsonNode commands, JsonNode types, JsonNode cmdlineOptions,
      JsonNode migrateCapabilities) {
    Set<String> helpOptions = helpOptions(help);
    Set<String> commandNames = names(commands, "name");
    Set<String> optionNames = names(cmdlineOptions, "option");
    Set<QemuCapability> flags = EnumSet.noneOf(QemuCapability.class);
    if (helpOptions.contains("-incoming")) {
      flags.add(QemuCapability.INCOMING);
    }
    if (helpOptions.contains("-audiodev")) {
      flags.add(QemuCapability.AUDIODEV);
    }
    if (helpOptions.contains("-blockdev") && commandNames.contains("blockdev-add")) {
      flags.add(QemuCapability.BLOCKDEV);
    }
    if (helpOptions.contains("-sandbox") && optionNames.contains("sandbox")) {
      flags.add(QemuCapability.SANDBOX);
    }
    if (optionNames.contains("vnc")) {
      flags.add(QemuCapability.VNC);
    }
    if (commandNames.contains("getfd") && commandNames.contains("add-fd")) {
      flags.add(QemuCapability.FD_PASSING);
    }
    if (commandNames.contains("block-export-add")) {
      flags.add(QemuCapability.BLOCK_EXPORT);
    }
    for (JsonNode option : cmdlineOptions) {
      if ("chardev".equals(option.path("option").asText())
          && names(option.path("parameters"), "name").contains("append")) {
        flags.add(QemuCapability.CHARDEV_FILE_APPEND);
      }
    }
    if (names(migrateCapabilities, "capability").contains("events")) {
      flags.add(QemuCapability.MIGRATION_EVENT);
    }
    for (String type : names(types, "name")) {
      QemuCapability device = DEVICES.get(type);
      if (device != null) {
        flags.add(device);
      }
    }
    return flags;
  }

  /** "major.minor.micro" from a query-version reply. */
  static String version(JsonNode queryVersion) {
    JsonNode q = queryVersion.path("qemu");
    return q.path("major").asInt() + "." + q.path("minor").asInt() + "." + q.path("micro").asInt();
  }

  private static Set<String> names(JsonNode array, String field) {
    Set<String> names = new HashSet<>();
    if (array != null) {
      array.forEach(n -> names.add(n.path(field).asText()));
    }
    return names;
  }
}
