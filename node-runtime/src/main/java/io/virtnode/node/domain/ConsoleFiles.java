package io.virtnode.node.domain;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The File char devices of a spec as the agent drains them: each one's socket in the runtime dir (QEMU
 * connects to it) and the log file the agent writes, in device order.
 */
public final class ConsoleFiles {
  private ConsoleFiles() {}

  /** Socket → log file of every File backend (serials, parallels, consoles, channels). */
  public static Map<Path, Path> socketsToLogs(DomainSpec spec, RuntimePaths paths) {
    Map<Path, Path> out = new LinkedHashMap<>();
    add(out, paths, "serial", spec.serials());
    add(out, paths, "parallel", spec.parallels());
    add(out, paths, "console", spec.consoles());
    for (ChannelSpec c : spec.channels()) {
      if (c.backend() != null && c.backend().kind() == CharBackendSpec.Kind.FILE) {
        out.put(paths.consoleSocket(DeviceIds.chardev("channel", c.name())), c.backend().path());
      }
    }
    return out;
  }

  private static void add(Map<Path, Path> out, RuntimePaths paths, String kind, List<CharDeviceSpec> devices) {
    for (CharDeviceSpec d : devices) {
      if (d.backend() != null && d.backend().kind() == CharBackendSpec.Kind.FILE) {
        out.put(paths.consoleSocket(DeviceIds.chardev(kind, d.name())), d.backend().path());
      }
    }
  }
}
