package io.virtnode.node.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads mountinfo and picks the hierarchy: v1 when the devices controller is mounted (hybrid hosts
 * included), else v2 when cgroup2 is mounted; {@link Result#describe()} says which, for logs and status.
 */
public final class CgroupProbe {
  /** The v1 controllers a VM cgroup uses; devices is required, the others are used when mounted. */
  public static final List<String> V1_CONTROLLERS = List.of("devices", "memory", "cpu", "pids");

  private final Path mountinfo;

  /** Probes a mountinfo file: {@code /proc/self/mountinfo}, or a fixture in tests. */
  public CgroupProbe(Path mountinfo) { this.mountinfo = mountinfo; }

  /** Probes this process's mounts. */
  public static CgroupProbe ofHost() { return new CgroupProbe(Path.of("/proc/self/mountinfo")); }

  /** What the probe found. */
  public record Result(Hierarchy hierarchy, Map<String, Path> v1Controllers, Path v2Mount) {
    public Result {
      v1Controllers = Map.copyOf(v1Controllers);
    }

    /** One line for logs and the VM status, e.g. "cgroup v1 (devices at /sys/fs/cgroup/devices)". */
    public String describe() {
      return hierarchy == Hierarchy.V1
          ? "cgroup v1 (" + String.join(", ", V1_CONTROLLERS.stream().filter(v1Controllers::containsKey)
              .map(c -> c + " at " + v1Controllers.get(c)).toList()) + ")"
          : "cgroup v2 (unified at " + v2Mount + ", device filter as BPF program)";
    }
  }

  public Result probe() throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(mountinfo);
    } catch (IOException e) {
      throw new IOException("cgroup probe: cannot read " + mountinfo + ": " + e.getMessage(), e);
    }
    Map<String, Path> v1 = new LinkedHashMap<>();
    Path v2 = null;
    for (String line : lines) {
      // id parent maj:min root mountpoint options [optional fields...] - fstype source superoptions
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        continue;
      }
      String[] left = line.substring(0, dash).split(" ");
      String[] right = line.substring(dash + 3).split(" ");
      if (left.length < 5 || right.length < 3) {
        continue;
      }
      Path mountPoint = Path.of(unescape(left[4]));
      if (right[0].equals("cgroup2") && v2 == null) {
        v2 = mountPoint;
      } else if (right[0].equals("cgroup")) {
        Set<String> options = Set.of(right[2].split(","));
        for (String controller : V1_CONTROLLERS) {
          if (options.contains(controller)) {
            v1.putIfAbsent(controller, mountPoint);
          }
        }
      }
    }
    if (v1.containsKey("devices")) {
      return new Result(Hierarchy.V1, v1, v2);
    }
    if (v2 != null) {
      return new Result(Hierarchy.V2, Map.of(), v2);
    }
    throw new IOException("cgroup probe: neither a cgroup v1 devices controller nor cgroup2 is mounted"
        + " (per " + mountinfo + ")");
  }

  /** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
  static String unescape(String field) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
