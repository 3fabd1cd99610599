package io.virtnode.node.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cgroup v1: {@code <controller mount>/<parent>/<vmId>} in devices, memory, cpu and pids; devices.deny "a"
 * then one devices.allow per rule; the kernel's devices.list is the ACL of record.
 */
public final class CgroupV1Manager implements CgroupManager {
  private static final Logger LOG = LoggerFactory.getLogger(CgroupV1Manager.class);

  private final Map<String, Path> mounts;
  private final String parent;

  /**
   * @param controllerMounts mount points by controller name (from {@link CgroupProbe}); devices required
   * @param parent the parent cgroup under each mount, e.g. "virtnode"
   */
  public CgroupV1Manager(Map<String, Path> controllerMounts, String parent) {
    if (!controllerMounts.containsKey("devices")) {
      throw new IllegalArgumentException("cgroup v1 needs the devices controller mounted: " + controllerMounts);
    }
    this.mounts = new LinkedHashMap<>();
    for (String c : CgroupProbe.V1_CONTROLLERS) {
      if (controllerMounts.containsKey(c)) {
        mounts.put(c, controllerMounts.get(c));
      }
    }
    this.parent = CgroupFiles.checkParent(parent);
  }

  @Override
  public Hierarchy hierarchy() { return Hierarchy.V1; }

  /** The VM's directory under one controller's mount. */
  public Path dir(String controller, String vmId) {
    Path mount = mounts.get(controller);
    if (mount == null) {
      throw new IllegalArgumentException("cgroup v1 controller not mounted: " + controller);
    }
    return mount.resolve(parent).resolve(CgroupFiles.checkName("VM id", vmId));
  }

  @Override
  public VmCgroup create(String vmId, Limits limits) throws IOException {
    List<Path> dirs = new ArrayList<>();
    for (String c : mounts.keySet()) {
      Path d = dir(c, vmId);
      CgroupFiles.mkdirs(d);
      dirs.add(d);
    }
    if (deviceAcl(vmId).rules().contains(DeviceRule.all())) {
      // a fresh cgroup inherits default-allow: switch it to deny-all; an adopted one keeps its ACL
      CgroupFiles.write(dir("devices", vmId).resolve("devices.deny"), "a");
    }
    List<String> applied = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    limit(vmId, "memory", "memory.limit_in_bytes", limits.memoryBytes(), applied, skipped);
    limit(vmId, "cpu", "cpu.shares", limits.cpuShares(), applied, skipped);
    if (limits.cpuQuotaMicros() != null) {
      limit(vmId, "cpu", "cpu.cfs_period_us", limits.periodOrDefault(), applied, skipped);
    }
    limit(vmId, "cpu", "cpu.cfs_quota_us", limits.cpuQuotaMicros(), applied, skipped);
    limit(vmId, "pids", "pids.max", limits.pidsMax(), applied, skipped);
    VmCgroup created = new VmCgroup(vmId, Hierarchy.V1, dirs, applied, skipped);
    LOG.info("cgroup v1 for VM {}: {} applied {} skipped {}", vmId, dirs, applied, skipped);
    return created;
  }

  private void limit(String vmId, String controller, String file, Long value, List<String> applied,
      List<String> skipped) throws IOException {
    if (value == null) {
      return;
    }
    if (!mounts.containsKey(controller)) {
      skipped.add(file + "=" + value + ": cgroup v1 " + controller + " controller is not mounted");
      return;
    }
    CgroupFiles.write(dir(controller, vmId).resolve(file), Long.toString(value));
    applied.add(file + "=" + value);
  }

  /**
   * Moves from the listed ACL to {@code acl} rule by rule: first removes what is no longer wanted
   * (devices.deny), then adds what is new (devices.allow); unchanged rules are never touched, so a
   * running QEMU never loses a device it keeps, and no moment allows more than the old or the new ACL.
   */
  @Override
  public void setDeviceAcl(String vmId, DeviceAcl acl) throws IOException {
    Path devices = dir("devices", vmId);
    DeviceAcl current = deviceAcl(vmId);
    if (current.rules().contains(DeviceRule.all()) && !acl.rules().contains(DeviceRule.all())) {
      // default-allow cgroup (never set up by create): switch to deny-all first
      CgroupFiles.write(devices.resolve("devices.deny"), "a");
      current = DeviceAcl.empty();
    }
    for (DeviceRule old : current.rules()) {
      int keep = accessFor(acl, old);
      int drop = old.access() & ~keep;
      if (drop != 0) {
        CgroupFiles.write(devices.resolve("devices.deny"), old.withAccess(drop).toString());
      }
    }
    for (DeviceRule want : acl.rules()) {
      int have = accessFor(current, want);
      if ((want.access() & ~have) != 0) {
        CgroupFiles.write(devices.resolve("devices.allow"), want.toString());
      }
    }
    DeviceAcl listed = deviceAcl(vmId);
    if (!listed.equals(acl)) {
      throw new IOException("cgroup v1 " + devices.resolve("devices.list") + " lists " + listed
          + " after setting " + acl + " (does the parent cgroup allow these devices?)");
    }
  }

  private static int accessFor(DeviceAcl acl, DeviceRule rule) {
    return acl.rules().stream().filter(r -> r.sameDevices(rule)).mapToInt(DeviceRule::access).findFirst()
        .orElse(0);
  }

  @Override
  public DeviceAcl deviceAcl(String vmId) throws IOException {
    List<DeviceRule> rules = new ArrayList<>();
    for (String line : CgroupFiles.read(dir("devices", vmId).resolve("devices.list")).split("\n")) {
      if (!line.isBlank()) {
        rules.add(DeviceRule.parse(line));
      }
    }
    return DeviceAcl.of(rules);
  }

  @Override
  public void allow(String vmId, DeviceRule rule) throws IOException {
    CgroupFiles.write(dir("devices", vmId).resolve("devices.allow"), rule.toString());
  }

  @Override
  public void deny(String vmId, DeviceRule rule) throws IOException {
    CgroupFiles.write(dir("devices", vmId).resolve("devices.deny"), rule.toString());
  }

  @Override
  public java.util.List<Long> processes(String vmId) throws IOException {
    return CgroupFiles.procs(dir("devices", vmId));
  }

  @Override
  public void addProcess(String vmId, long pid) throws IOException {
    for (String c : mounts.keySet()) {
      CgroupFiles.write(dir(c, vmId).resolve("cgroup.procs"), Long.toString(pid));
    }
  }

  @Override
  public void destroy(String vmId) throws IOException {
    IOException first = null;
    for (String c : mounts.keySet()) {
      try {
        CgroupFiles.rmdir(dir(c, vmId));
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
