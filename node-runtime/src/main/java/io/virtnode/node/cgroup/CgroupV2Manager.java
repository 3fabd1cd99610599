package io.virtnode.node.cgroup;

import io.virtnode.node.nativeio.Bpf;
import io.virtnode.node.nativeio.FileDescriptors;
import io.virtnode.node.nativeio.NativeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cgroup v2: {@code <mount>/<parent>/<vmId>}; the device ACL is a BPF_PROG_TYPE_CGROUP_DEVICE program
 * compiled from it and attached with bpf(2), swapped atomically (BPF_F_REPLACE) when the ACL changes;
 * memory.max, cpu.max, cpu.weight and pids.max only where the parent has those controllers.
 */
public final class CgroupV2Manager implements CgroupManager {
  private static final Logger LOG = LoggerFactory.getLogger(CgroupV2Manager.class);
  private static final String PROGRAM_NAME = "virtnode_devs";
  private static final String LICENSE = "Apache-2.0";
  private static final int EINVAL = 22;

  private final Path mount;
  private final String parent;
  private final DevicePrograms programs;
  /** The ACL in force and the fd of its attached program, per VM (the runtime record persists it: adoptDeviceAcl). */
  private final Map<String, Attached> attached = new HashMap<>();

  private record Attached(DeviceAcl acl, int progFd) {}

  /** @param mount the cgroup2 mount (from {@link CgroupProbe}); @param parent e.g. "virtnode" */
  public CgroupV2Manager(Path mount, String parent) { this(mount, parent, DevicePrograms.KERNEL); }

  CgroupV2Manager(Path mount, String parent, DevicePrograms programs) {
    this.mount = mount;
    this.parent = CgroupFiles.checkParent(parent);
    this.programs = programs;
  }

  @Override
  public Hierarchy hierarchy() { return Hierarchy.V2; }

  /** The VM's cgroup directory. */
  public Path dir(String vmId) { return mount.resolve(parent).resolve(CgroupFiles.checkName("VM id", vmId)); }

  @Override
  public synchronized VmCgroup create(String vmId, Limits limits) throws IOException {
    Path parentDir = mount.resolve(parent);
    CgroupFiles.mkdirs(parentDir);
    Set<String> available = Set.of(CgroupFiles.read(parentDir.resolve("cgroup.controllers")).strip().split("\\s+"));
    List<String> applied = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Map<String, String> wanted = new LinkedHashMap<>();
    if (limits.memoryBytes() != null) {
      wanted.put("memory.max", Long.toString(limits.memoryBytes()));
    }
    if (limits.cpuQuotaMicros() != null) {
      wanted.put("cpu.max", limits.cpuQuotaMicros() + " " + limits.periodOrDefault());
    }
    if (limits.cpuShares() != null) {
      wanted.put("cpu.weight", Long.toString(limits.cpuWeight()));
    }
    if (limits.pidsMax() != null) {
      wanted.put("pids.max", Long.toString(limits.pidsMax()));
    }
    for (String file : wanted.keySet()) {
      String controller = file.substring(0, file.indexOf('.'));
      if (!available.contains(controller)) {
        skipped.add(file + "=" + wanted.get(file) + ": controller " + controller + " is not delegated to "
            + parentDir + " (cgroup.controllers: " + String.join(" ", available) + ")");
      } else {
        String enabled = CgroupFiles.read(parentDir.resolve("cgroup.subtree_control"));
        if (!Set.of(enabled.strip().split("\\s+")).contains(controller)) {
          CgroupFiles.write(parentDir.resolve("cgroup.subtree_control"), "+" + controller);
        }
      }
    }
    Path dir = dir(vmId);
    CgroupFiles.mkdirs(dir);
    for (String file : wanted.keySet()) {
      if (available.contains(file.substring(0, file.indexOf('.')))) {
        CgroupFiles.write(dir.resolve(file), wanted.get(file));
        applied.add(file + "=" + wanted.get(file));
      }
    }
    if (!attached.containsKey(vmId) && programs.attachedIds(dir).length == 0) {
      setDeviceAcl(vmId, DeviceAcl.empty()); // deny all until the VM's ACL is set
    }
    LOG.info("cgroup v2 for VM {}: {} applied {} skipped {}", vmId, dir, applied, skipped);
    return new VmCgroup(vmId, Hierarchy.V2, List.of(dir), applied, skipped);
  }

  /**
   * Loads the new program, then swaps it in: BPF_F_REPLACE of the one attached program in one step, or,
   * where that is refused, attach-new-then-detach-old (briefly the intersection: never wider).
   */
  @Override
  public synchronized void setDeviceAcl(String vmId, DeviceAcl acl) throws IOException {
    Path dir = dir(vmId);
    int newFd = programs.load(DeviceFilterCompiler.bytecode(acl), LICENSE, PROGRAM_NAME);
    List<Integer> oldFds = new ArrayList<>();
    Attached known = attached.get(vmId);
    try {
      if (known != null) {
        oldFds.add(known.progFd());
      } else {
        for (int id : programs.attachedIds(dir)) {
          oldFds.add(programs.fdById(id)); // adopted after an agent restart
        }
      }
      programs.swap(dir, newFd, oldFds);
    } catch (IOException | RuntimeException e) {
      programs.close(newFd);
      closeAll(known == null ? oldFds : List.of()); // a remembered fd stays attached and remembered
      throw e;
    }
    attached.put(vmId, new Attached(acl, newFd));
    closeAll(oldFds);
    LOG.info("cgroup v2 device program for VM {} now allows {}", vmId, acl);
  }

  private void closeAll(List<Integer> fds) {
    for (int fd : fds) {
      try {
        programs.close(fd);
      } catch (IOException e) {
        LOG.warn("closing BPF program fd {}: {}", fd, e.getMessage());
      }
    }
  }

  /** Remembers the recorded ACL with the one program attached to the VM's cgroup (fd by its id). */
  @Override
  public synchronized void adoptDeviceAcl(String vmId, DeviceAcl acl) throws IOException {
    if (attached.containsKey(vmId)) return;
    int[] ids = programs.attachedIds(dir(vmId));
    if (ids.length != 1) {
      throw new IOException("cgroup " + dir(vmId) + " has " + ids.length + " device programs attached, not one:"
          + " its ACL cannot be adopted; set it with setDeviceAcl");
    }
    attached.put(vmId, new Attached(acl, programs.fdById(ids[0])));
  }

  @Override
  public synchronized DeviceAcl deviceAcl(String vmId) throws IOException {
    Attached a = attached.get(vmId);
    if (a == null) {
      throw new IOException("device ACL of VM " + vmId + " at " + dir(vmId) + " is not known to this agent"
          + " (a BPF program cannot be read back): set it with setDeviceAcl first");
    }
    return a.acl();
  }

  @Override
  public synchronized void allow(String vmId, DeviceRule rule) throws IOException {
    setDeviceAcl(vmId, deviceAcl(vmId).with(rule));
  }

  @Override
  public synchronized void deny(String vmId, DeviceRule rule) throws IOException {
    setDeviceAcl(vmId, deviceAcl(vmId).without(rule));
  }

  @Override
  public java.util.List<Long> processes(String vmId) throws IOException {
    return CgroupFiles.procs(dir(vmId));
  }

  @Override
  public void addProcess(String vmId, long pid) throws IOException {
    CgroupFiles.write(dir(vmId).resolve("cgroup.procs"), Long.toString(pid));
  }

  @Override
  public synchronized void destroy(String vmId) throws IOException {
    CgroupFiles.rmdir(dir(vmId)); // the kernel releases attached programs with the cgroup
    Attached a = attached.remove(vmId);
    if (a != null) {
      closeAll(List.of(a.progFd()));
    }
  }

  /** The bpf(2) side, an interface so the swap logic can be tested without a kernel. */
  interface DevicePrograms {
    int load(byte[] insns, String license, String name) throws IOException;

    int[] attachedIds(Path cgroup) throws IOException;

    int fdById(int id) throws IOException;

    /** Attaches newFd to the cgroup and detaches every old fd, never allowing more than before or after. */
    void swap(Path cgroup, int newFd, List<Integer> oldFds) throws IOException;

    void close(int fd) throws IOException;

    DevicePrograms KERNEL = new KernelDevicePrograms();
  }

  /** The real one: raw bpf(2) through {@link Bpf}. */
  static final class KernelDevicePrograms implements DevicePrograms {
    @Override
    public int load(byte[] insns, String license, String name) throws IOException {
      return Bpf.loadCgroupDeviceProgram(insns, license, name);
    }

    @Override
    public int[] attachedIds(Path cgroup) throws IOException {
      int fd = Bpf.openDirectory(cgroup);
      try {
        return Bpf.queryCgroupDevice(fd);
      } finally {
        FileDescriptors.close(fd);
      }
    }

    @Override
    public int fdById(int id) throws IOException { return Bpf.programFdById(id); }

    @Override
    public void swap(Path cgroup, int newFd, List<Integer> oldFds) throws IOException {
      int fd = Bpf.openDirectory(cgroup);
      try {
        if (oldFds.size() == 1) {
          try {
            Bpf.attachCgroupDevice(fd, newFd, Bpf.BPF_F_ALLOW_MULTI | Bpf.BPF_F_REPLACE, oldFds.get(0));
            return;
          } catch (NativeException e) {
            if (e.errno() != EINVAL) {
              throw e;
            }
            LOG.info("BPF_F_REPLACE refused on {} ({}): attaching then detaching", cgroup, e.getMessage());
          }
        }
        Bpf.attachCgroupDevice(fd, newFd, Bpf.BPF_F_ALLOW_MULTI, -1);
        for (int old : oldFds) {
          Bpf.detachCgroupDevice(fd, old);
        }
      } finally {
        FileDescriptors.close(fd);
      }
    }

    @Override
    public void close(int fd) throws IOException { FileDescriptors.close(fd); }
  }
}
