package io.virtnode.operator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** The checks of {@link AgentSettings#validate}: each problem names the setting and says what to do. */
final class SettingsRules {
  private static final List<Path> SYSTEM = List.of("/etc", "/usr", "/proc", "/sys", "/dev", "/run", "/boot",
      "/bin", "/sbin", "/lib", "/lib64", "/var/run").stream().map(Path::of).toList();
  private final AgentSettings s;
  private final Path etc;
  private final List<String> out = new ArrayList<>();

  SettingsRules(AgentSettings s, Path etc) {
    this.s = s;
    this.etc = etc;
  }

  List<String> problems() {
    if (s.vncPortMin < 1 || s.vncPortMax > 65535 || s.vncPortMin > s.vncPortMax) {
      out.add("vncPortMin..vncPortMax must be a range within 1..65535");
    }
    if (!List.of("auto", "v1", "v2").contains(s.cgroupVersion)) out.add("cgroupVersion must be auto, v1 or v2");
    positive("qmpTimeoutSeconds", s.qmpTimeoutSeconds);
    positive("startTimeoutSeconds", s.startTimeoutSeconds);
    positive("stopGracePeriodSeconds", s.stopGracePeriodSeconds);
    if (s.restartDelaySeconds < 0) out.add("restartDelaySeconds must not be negative, got " + s.restartDelaySeconds);
    if (s.consoleLogMaxBytes < 4096) out.add("consoleLogMaxBytes must be at least 4096, got " + s.consoleLogMaxBytes);
    if (s.consoleLogFiles < 1) out.add("consoleLogFiles must be at least 1, got " + s.consoleLogFiles);
    notRoot("qemuUser", s.qemuUser, etc.resolve("passwd"), 2);
    notRoot("qemuGroup", s.qemuGroup, etc.resolve("group"), 2);
    if (!loopback(s.vncListen) && !s.vncAllowNonLoopback) {
      out.add("vncListen " + s.vncListen + " is not a loopback address: VNC has no password, so anyone who reaches"
          + " it drives the guests; listen on 127.0.0.1, or set vncAllowNonLoopback: true if that is intended");
    }
    roots();
    return out;
  }

  private void positive(String name, long value) {
    if (value <= 0) out.add(name + " must be positive, got " + value);
  }

  private void roots() {
    Path state = Path.of(s.stateDir).toAbsolutePath().normalize();
    Path run = Path.of(s.runDir).toAbsolutePath().normalize();
    List<String> names = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < s.storageRoots.size(); i++) {
      var r = s.storageRoots.get(i);
      String name = "storageRoots[" + i + "]";
      if (r.path == null) {
        out.add(name + ".path is missing");
        continue;
      }
      if (!AgentSettings.modes().containsKey(r.mode)) {
        out.add(name + ".mode must be PerNamespace, SharedReadOnly or Namespaces, got " + r.mode);
      } else if (r.mode.equals("Namespaces") && (r.namespaces == null || r.namespaces.isEmpty())) {
        out.add(name + ".namespaces must list at least one namespace for mode Namespaces");
      } else if (!r.mode.equals("Namespaces") && r.namespaces != null && !r.namespaces.isEmpty()) {
        out.add(name + ".namespaces is only for mode Namespaces (mode is " + r.mode + ")");
      }
      names.add(name + ".path");
      paths.add(r.path);
    }
    for (int i = 0; i < s.allowedStorageRoots.size(); i++) {
      names.add("allowedStorageRoots[" + i + "]");
      paths.add(s.allowedStorageRoots.get(i));
    }
    for (int i = 0; i < paths.size(); i++) {
      root(names.get(i), paths.get(i), state, run);
    }
  }

  private void root(String name, String raw, Path state, Path run) {
    Path p = Path.of(raw);
    if (!p.isAbsolute() || !p.normalize().equals(p)) {
      out.add(name + " " + raw + " must be an absolute path without . or .. parts");
      return;
    }
    if (p.getNameCount() == 0) {
      out.add(name + " must not be / (the whole host would be VM storage)");
      return;
    }
    for (Path sys : SYSTEM) {
      if (p.startsWith(sys)) {
        out.add(name + " " + p + " lies in the system tree " + sys + "; use a directory of its own, e.g."
            + " /var/lib/virtnode/images");
        return;
      }
    }
    if (p.startsWith(state) || state.startsWith(p)) {
      out.add(name + " " + p + " overlaps stateDir " + state + " (records and the label ledger would be VM files)");
    }
    if (p.startsWith(run) || run.startsWith(p)) {
      out.add(name + " " + p + " overlaps runDir " + run + " (one VM could reach another's monitor socket)");
    }
  }

  /** Adds a problem when value (a name or a number) is id 0 in the passwd/group file db. */
  private void notRoot(String name, String value, Path db, int idField) {
    if (value == null || value.isBlank()) {
      out.add(name + " is missing");
      return;
    }
    OptionalInt id = value.chars().allMatch(Character::isDigit) ? OptionalInt.of(Integer.parseInt(value))
        : lookup(db, value, idField);
    if (id.isEmpty()) {
      out.add(name + " " + value + " is not in " + db + "; use an existing unprivileged " + name.substring(4).toLowerCase());
    } else if (id.getAsInt() == 0) {
      out.add(name + " " + value + " is root (id 0); QEMU must run unprivileged, e.g. as nobody:nogroup");
    }
  }

  private static OptionalInt lookup(Path db, String name, int idField) {
    try {
      for (String line : Files.readAllLines(db)) {
        String[] f = line.split(":", -1);
        if (f.length > idField && f[0].equals(name)) return OptionalInt.of(Integer.parseInt(f[idField]));
      }
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
    return OptionalInt.empty();
  }

  /** 127.0.0.0/8, ::1 or localhost; any other literal or host name is not. */
  static boolean loopback(String address) {
    if (address == null) return false;
    String a = address.trim();
    if (a.equals("localhost") || a.equals("::1") || a.equals("[::1]")) return true;
    return a.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }
}
