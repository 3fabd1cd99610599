package io.virtnode.node.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The unprivileged user and group QEMU runs as, resolved from the host's passwd and group files. */
public record QemuIdentity(String user, int uid, int gid, List<Integer> supplementaryGroups) {

  public QemuIdentity {
    supplementaryGroups = List.copyOf(supplementaryGroups);
  }

  /** Resolves user and group names (or numbers) against etc/passwd and etc/group under etc. */
  public static QemuIdentity lookup(String user, String group, Path etc) throws IOException {
    int uid = id(user, etc.resolve("passwd"), 2).orElseThrow(() -> new IOException("QEMU user '" + user
        + "' does not exist on this host; create it (useradd --system " + user + ") or set qemuUser"));
    int gid = id(group, etc.resolve("group"), 2).orElseThrow(() -> new IOException("QEMU group '" + group
        + "' does not exist on this host; create it or set qemuGroup"));
    if (uid == 0) throw new IOException("qemuUser must not be root");
    return new QemuIdentity(user, uid, gid, List.of());
  }

  /** The same identity with one more supplementary group (e.g. the owner group of /dev/kvm). */
  public QemuIdentity withGroup(int group) {
    var groups = new java.util.ArrayList<>(supplementaryGroups);
    if (!groups.contains(group)) groups.add(group);
    return new QemuIdentity(user, uid, gid, groups);
  }

  /** Whether this identity may open a device node read-write by its owner, group or other bits. */
  public boolean canOpen(Path device) {
    try {
      int mode = (Integer) Files.getAttribute(device, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      int owner = (Integer) Files.getAttribute(device, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      int group = (Integer) Files.getAttribute(device, "unix:gid", LinkOption.NOFOLLOW_LINKS);
      if (owner == uid) return (mode & 0600) == 0600;
      if (group == gid || supplementaryGroups.contains(group)) return (mode & 0060) == 0060;
      return (mode & 0006) == 0006;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Why this identity cannot create a file in dir by its mode bits (every ancestor searchable, dir writable
   * and searchable), or empty when it can. POSIX ACLs are not read: a directory opened to it only by an ACL
   * is reported too.
   */
  public Optional<String> cannotCreateIn(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    Path p = abs.getRoot();
    java.util.List<Path> chain = new java.util.ArrayList<>(List.of(p));
    for (Path name : abs) chain.add(p = p.resolve(name));
    for (Path d : chain) {
      boolean last = d.equals(abs);
      int need = last ? 03 : 01; // write+search on dir itself, search on every ancestor
      try {
        int mode = (Integer) Files.getAttribute(d, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int owner = (Integer) Files.getAttribute(d, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int group = (Integer) Files.getAttribute(d, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        int bits = owner == uid ? (mode >> 6) & 07
            : group == gid || supplementaryGroups.contains(group) ? (mode >> 3) & 07 : mode & 07;
        if ((bits & need) != need) {
          return Optional.of("directory " + d + " (owner uid " + owner + ", group " + group + ", mode "
              + String.format("%04o", mode & 07777) + ") does not let it " + (last ? "create files" : "pass"));
        }
      } catch (IOException | RuntimeException e) {
        return Optional.of("directory " + d + " cannot be looked at: " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  private static Optional<Integer> id(String name, Path file, int field) throws IOException {
    if (name.matches("\\d+")) return Optional.of(Integer.parseInt(name));
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split(":");
      if (f.length > field && f[0].equals(name)) return Optional.of(Integer.parseInt(f[field]));
    }
    return Optional.empty();
  }
}
