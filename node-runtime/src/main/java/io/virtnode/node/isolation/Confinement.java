package io.virtnode.node.isolation;

import io.virtnode.node.cgroup.CgroupManager;
import io.virtnode.node.cgroup.DeviceAcl;
import io.virtnode.node.cgroup.DeviceRule;
import io.virtnode.node.cgroup.Limits;
import io.virtnode.node.cgroup.VmCgroup;
import io.virtnode.node.domain.CharBackendSpec;
import io.virtnode.node.domain.DiskFds;
import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.RuntimePaths;
import io.virtnode.node.fd.FdBroker;
import io.virtnode.node.nativeio.FileCalls;
import io.virtnode.node.security.LabelTarget;
import io.virtnode.node.security.RestorePolicy;
import io.virtnode.node.security.SecurityLabeler;
import io.virtnode.node.storage.StorageCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confines one VM's QEMU before it starts, in pipeline order: its own cgroup with limits and a device ACL of
 * exactly what it needs, its files labelled for the QEMU user (originals remembered), a runtime directory
 * only that user can read; QEMU then joins the cgroup and drops to that user before exec. Undone on stop.
 */
public final class Confinement {
  private static final Logger LOG = LoggerFactory.getLogger(Confinement.class);
  /** QEMU's own memory beyond the guest's (code, TCG cache, I/O buffers). */
  static final long OVERHEAD_BYTES = 256L << 20;
  /** Joins the cgroups named before "--", opens the disk fds (added below), then execs the rest. */
  private static final String JOIN =
      "while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 126; shift; done; shift; ";

  private final CgroupManager cgroups;
  private final SecurityLabeler labeler;
  private final QemuIdentity identity;
  private final StorageCheck.ChainReader chains;
  private final List<Path> roots;
  private final FdBroker fdBroker;

  public Confinement(CgroupManager cgroups, SecurityLabeler labeler, QemuIdentity identity,
      StorageCheck.ChainReader chains, List<Path> allowedRoots) {
    this.roots = allowedRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.fdBroker = new FdBroker(roots);
    this.cgroups = cgroups;
    this.labeler = labeler;
    this.identity = identity;
    this.chains = chains;
  }

  public QemuIdentity identity() { return identity; }

  /** The labeler, for files handed to a running QEMU one at a time (hotplug). */
  public SecurityLabeler labeler() { return labeler; }

  /** "v1" or "v2" plus the QEMU user, for logs and status. */
  public String describe() {
    return "cgroup " + cgroups.hierarchy().name().toLowerCase(java.util.Locale.ROOT) + ", user " + identity.user();
  }

  /** What QEMU is started under: the command prefix, and the agent's fds of the disks it passes on. */
  public record Prepared(List<String> prefix, List<Integer> diskFds) implements AutoCloseable {
    /** Closes the agent's copies once QEMU has its own. */
    @Override public void close() {
      for (int fd : diskFds) {
        try {
          FileCalls.close(fd);
        } catch (IOException e) {
          LOG.warn("closing disk fd {}: {}", fd, e.getMessage());
        }
      }
    }
  }

  /** Creates (or adopts) the VM's cgroup with its memory and CPU limits and a deny-all device ACL. */
  public VmCgroup createCgroup(String vmId, DomainSpec spec) throws IOException {
    return cgroups.create(vmId, new Limits((spec.memoryMiB() << 20) + OVERHEAD_BYTES, 1024L * spec.cpus(), null,
        null, null));
  }

  /** Replaces the device ACL of the VM's cgroup. */
  public void setDeviceAcl(String vmId, DeviceAcl acl) throws IOException { cgroups.setDeviceAcl(vmId, acl); }

  /** Tells the cgroup manager which ACL is in force (from the record) after an agent restart. */
  public void adoptDeviceAcl(String vmId, DeviceAcl acl) throws IOException { cgroups.adoptDeviceAcl(vmId, acl); }

  /** Adds one rule to the VM's device ACL (before a device_add). */
  public void allow(String vmId, DeviceRule rule) throws IOException { cgroups.allow(vmId, rule); }

  /** Removes one rule from the VM's device ACL (after DEVICE_DELETED). */
  public void deny(String vmId, DeviceRule rule) throws IOException { cgroups.deny(vmId, rule); }

  /**
   * Labels the VM's disks and backing files for the QEMU user, and its runtime dir; File char-device logs are
   * only claimed (the agent writes them), made where absent.
   */
  public void label(String vmId, DomainSpec spec, RuntimePaths paths) throws IOException {
    labelFiles(vmId, spec);
    ownRuntimeDir(paths.dir());
  }

  /**
   * Opens every disk through the FdBroker (beneath its storage root, never following a symlink); returns the
   * prefix that joins the cgroup dirs, hands QEMU those very files (as fds 3, 4, …, see DiskFds) and drops
   * privileges.
   */
  public Prepared launchPrefix(DomainSpec spec, List<Path> cgroupDirs) throws IOException {
    List<Integer> fds = new ArrayList<>();
    try {
      StringBuilder script = new StringBuilder(JOIN);
      long self = ProcessHandle.current().pid();
      for (int i = 0; i < spec.disks().size(); i++) {
        DiskSpec d = spec.disks().get(i);
        int fd = fdBroker.open(d.path(), d.readOnly() ? FdBroker.Access.READ_ONLY : FdBroker.Access.READ_WRITE)
            .fd(); // the raw number is kept: Prepared closes it once QEMU has its copy
        fds.add(fd);
        script.append(i == 0 ? "exec" : "").append(' ').append(DiskFds.qemuFd(i)).append(d.readOnly() ? "<" : "<>")
            .append("/proc/").append(self).append("/fd/").append(fd);
      }
      script.append(fds.isEmpty() ? "" : "; ").append("exec \"$@\"");
      List<String> prefix = new ArrayList<>(List.of("/bin/bash", "-c", script.toString(), "virtnode-confine"));
      cgroupDirs.forEach(d -> prefix.add(d.resolve("cgroup.procs").toString()));
      prefix.add("--");
      prefix.addAll(dropPrivileges());
      return new Prepared(prefix, fds);
    } catch (IOException | RuntimeException e) {
      new Prepared(List.of(), fds).close();
      throw e;
    }
  }

  /** Sets up cgroup, device ACL and labels and returns the launch prefix, all at once (tests, tools). */
  public Prepared prepare(String vmId, DomainSpec spec, RuntimePaths paths) throws IOException {
    try {
      VmCgroup cg = createCgroup(vmId, spec);
      setDeviceAcl(vmId, deviceAcl(spec));
      label(vmId, spec, paths);
      return launchPrefix(spec, cg.dirs());
    } catch (IOException | RuntimeException e) {
      release(vmId);
      throw e;
    }
  }

  /** Pids in the VM's cgroup. */
  public List<Long> processes(String vmId) throws IOException { return cgroups.processes(vmId); }

  /** Gives files back and removes the cgroup; run once QEMU is gone. Errors are logged, never thrown. */
  public void release(String vmId) {
    releaseLabels(vmId);
    destroyCgroup(vmId);
  }

  /** Gives the VM's files their original owner, mode and label back; errors are logged, never thrown. */
  public void releaseLabels(String vmId) {
    try {
      labeler.restoreAll(vmId, RestorePolicy.NORMAL);
    } catch (IOException | RuntimeException e) {
      LOG.error("VM {}: could not restore file labels: {}", vmId, e.getMessage());
    }
  }

  /** Removes the VM's (empty) cgroup; errors are logged, never thrown. */
  public void destroyCgroup(String vmId) {
    try {
      cgroups.destroy(vmId);
    } catch (IOException | RuntimeException e) {
      LOG.error("VM {}: could not remove its cgroup: {}", vmId, e.getMessage());
    }
  }

  /** The device allow-list the VM needs: QEMU's basics, its block disks, device nodes in backing chains. */
  public DeviceAcl deviceAcl(DomainSpec spec) throws IOException {
    DeviceAcl acl = DeviceAcl.qemuBasics();
    for (DiskSpec d : spec.disks()) {
      if (d.block()) {
        acl = DeviceRule.forPath(d.path(), d.readOnly() ? "r" : "rw").map(acl::with).orElse(acl);
      } else if (Files.exists(d.path(), LinkOption.NOFOLLOW_LINKS)) {
        for (StorageCheck.Layer l : backing(d)) {
          acl = DeviceRule.forPath(l.file(), "r").map(acl::with).orElse(acl);
        }
      }
    }
    return acl;
  }

  private void labelFiles(String vmId, DomainSpec spec) throws IOException {
    for (DiskSpec d : spec.disks()) {
      labeler.label(vmId, LabelTarget.of(d.path(), d.readOnly() ? LabelTarget.Kind.BACKING : LabelTarget.Kind.DISK));
      if (!d.block() && Files.exists(d.path(), LinkOption.NOFOLLOW_LINKS)) {
        for (StorageCheck.Layer l : backing(d)) labeler.label(vmId, LabelTarget.of(l.file(), LabelTarget.Kind.BACKING));
      }
    }
    var backends = Stream.of(spec.serials(), spec.consoles(), spec.parallels()).flatMap(List::stream)
        .map(c -> c.backend()).toList();
    var all = new ArrayList<>(backends);
    spec.channels().forEach(c -> all.add(c.backend()));
    for (CharBackendSpec b : all) {
      if (b.kind() == CharBackendSpec.Kind.FILE) { // the agent's console drain writes it, QEMU never opens it
        if (!Files.exists(b.path(), LinkOption.NOFOLLOW_LINKS)) { // made now so it is claimed by its inode
          Files.newByteChannel(b.path(), java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                  java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))).close();
        }
        labeler.claimUnlabelled(vmId, LabelTarget.of(b.path(), LabelTarget.Kind.CHARDEV_FILE));
      }
    }
  }

  private List<StorageCheck.Layer> backing(DiskSpec d) throws IOException {
    List<StorageCheck.Layer> layers;
    try {
      layers = chains.read(d.path());
    } catch (IOException e) {
      if (!(e instanceof java.nio.file.AccessDeniedException)
          && !String.valueOf(e.getMessage()).contains("Permission denied")) {
        throw e;
      }
      LOG.warn("disk {}: backing chain unreadable (NFS root squash?), backing files not labelled", d.path());
      return List.of();
    }
    return layers.size() > 1 ? layers.subList(1, layers.size()) : List.of();
  }

  private void ownRuntimeDir(Path dir) throws IOException {
    Files.setAttribute(dir, "unix:uid", identity.uid(), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(dir, "unix:gid", identity.gid(), LinkOption.NOFOLLOW_LINKS);
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
  }

  private List<String> dropPrivileges() {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + identity.uid(),
        "--regid=" + identity.gid()));
    cmd.add(identity.supplementaryGroups().isEmpty() ? "--clear-groups"
        : "--groups=" + String.join(",", identity.supplementaryGroups().stream().map(String::valueOf).toList()));
    cmd.addAll(List.of("--no-new-privs", "--"));
    return cmd;
  }
}
