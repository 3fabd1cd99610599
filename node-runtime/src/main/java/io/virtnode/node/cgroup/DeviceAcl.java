package io.virtnode.node.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** An immutable device allow-list; one rule per (type, major, minor), access bits merged like the kernel. */
public final class DeviceAcl {
  private static final Comparator<DeviceRule> ORDER = Comparator.comparing(DeviceRule::type)
      .thenComparingInt(DeviceRule::major).thenComparingInt(DeviceRule::minor);
  private static final DeviceAcl EMPTY = new DeviceAcl(List.of());

  private final List<DeviceRule> rules;

  private DeviceAcl(List<DeviceRule> sortedUnique) { this.rules = List.copyOf(sortedUnique); }

  /** Denies everything. */
  public static DeviceAcl empty() { return EMPTY; }

  public static DeviceAcl of(DeviceRule... rules) { return EMPTY.with(rules); }

  public static DeviceAcl of(Collection<DeviceRule> rules) { return EMPTY.with(rules.toArray(DeviceRule[]::new)); }

  /** Rules for device nodes, stat'ed; non-device paths (plain files) add nothing; missing paths fail. */
  public static DeviceAcl fromPaths(Collection<Path> paths, String access) throws IOException {
    List<DeviceRule> found = new ArrayList<>();
    for (Path p : paths) {
      DeviceRule.forPath(p, access).ifPresent(found::add);
    }
    return of(found);
  }

  /** What every QEMU needs, under the real /dev. */
  public static DeviceAcl qemuBasics() throws IOException { return qemuBasics(Path.of("/dev")); }

  /**
   * null, zero, full, random, urandom, ptmx (rw) and every pty (c 136:* rw), plus kvm when {@code dev/kvm}
   * exists; the numbers are stat'ed under {@code dev} (an injected root in tests).
   */
  public static DeviceAcl qemuBasics(Path dev) throws IOException {
    List<Path> nodes = new ArrayList<>();
    for (String name : List.of("null", "zero", "full", "random", "urandom", "ptmx")) {
      nodes.add(dev.resolve(name));
    }
    if (Files.exists(dev.resolve("kvm"))) {
      nodes.add(dev.resolve("kvm"));
    }
    return fromPaths(nodes, "rw").with(DeviceRule.chr(136, DeviceRule.ANY, "rw"));
  }

  /** Adds rules; a rule for devices already listed widens that entry's access. */
  public DeviceAcl with(DeviceRule... added) {
    List<DeviceRule> next = new ArrayList<>(rules);
    for (DeviceRule r : added) {
      int i = indexOf(next, r);
      if (i < 0) {
        next.add(r);
      } else {
        next.set(i, r.withAccess(next.get(i).access() | r.access()));
      }
    }
    next.sort(ORDER);
    return new DeviceAcl(next);
  }

  public DeviceAcl with(DeviceAcl other) { return with(other.rules.toArray(DeviceRule[]::new)); }

  /**
   * Removes the rule's access bits from the entry naming exactly the same devices (as writing to v1
   * devices.deny does); an entry left with no access is dropped. A wildcard entry is not split.
   */
  public DeviceAcl without(DeviceRule... removed) {
    List<DeviceRule> next = new ArrayList<>(rules);
    for (DeviceRule r : removed) {
      int i = indexOf(next, r);
      if (i >= 0) {
        int left = next.get(i).access() & ~r.access();
        if (left == 0) {
          next.remove(i);
        } else {
          next.set(i, next.get(i).withAccess(left));
        }
      }
    }
    return new DeviceAcl(next);
  }

  /** The rules, sorted by type, major, minor. */
  public List<DeviceRule> rules() { return rules; }

  /** Whether a concrete access (one type, numbers, access bits) is allowed by some rule. */
  public boolean allows(DeviceRule.Type type, int major, int minor, int access) {
    for (DeviceRule r : rules) {
      boolean typeOk = r.type() == DeviceRule.Type.ALL || r.type() == type;
      boolean majorOk = r.major() == DeviceRule.ANY || r.major() == major;
      boolean minorOk = r.minor() == DeviceRule.ANY || r.minor() == minor;
      if (typeOk && majorOk && minorOk && (access & ~r.access()) == 0) {
        return true;
      }
    }
    return false;
  }

  private static int indexOf(List<DeviceRule> list, DeviceRule r) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).sameDevices(r)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) { return o instanceof DeviceAcl a && a.rules.equals(rules); }

  @Override
  public int hashCode() { return rules.hashCode(); }

  @Override
  public String toString() { return rules.toString(); }
}
