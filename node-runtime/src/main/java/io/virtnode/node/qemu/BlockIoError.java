package io.virtnode.node.qemu;

import java.util.Map;
import java.util.Optional;

/**
 * BLOCK_IO_ERROR, typed. With -blockdev, device is "" and nodeName names the format node of the disk;
 * operation is "read" or "write", action what QEMU did ("ignore", "report", "stop"), reason the OS's text
 * (e.g. "No space left on device"), nospace true for ENOSPC.
 */
public record BlockIoError(String nodeName, String device, String operation, String action, boolean nospace,
    String reason, QmpEvent raw) implements QmpEvents.Event {

  static BlockIoError of(QmpEvent e) {
    var d = e.data();
    return new BlockIoError(nz(QmpEvents.text(d, "node-name")), nz(QmpEvents.text(d, "device")),
        nz(QmpEvents.text(d, "operation")), nz(QmpEvents.text(d, "action")), d.path("nospace").asBoolean(),
        nz(QmpEvents.text(d, "reason")), e);
  }

  private static String nz(String s) { return s == null ? "" : s; }

  /** True when QEMU paused the guest because of this error. */
  public boolean stoppedGuest() { return "stop".equals(action); }

  /**
   * The spec's disk name, given the plan's disk name → node name map; falls back to the device name for
   * drives that are not -blockdev nodes. Empty when the error names no disk of the map.
   */
  public Optional<String> diskName(Map<String, String> diskNodeNames) {
    for (var entry : diskNodeNames.entrySet()) {
      if (!nodeName.isEmpty() && entry.getValue().equals(nodeName)) {
        return Optional.of(entry.getKey());
      }
    }
    for (var entry : diskNodeNames.entrySet()) {
      if (!device.isEmpty() && (entry.getKey().equals(device) || entry.getValue().equals(device))) {
        return Optional.of(entry.getKey());
      }
    }
    return Optional.empty();
  }
}
