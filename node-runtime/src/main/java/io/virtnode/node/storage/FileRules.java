package io.virtnode.node.storage;

import io.virtnode.node.files.FileHold;
import io.virtnode.node.files.FileOwner;
import io.virtnode.node.files.FileProbe;
import io.virtnode.node.files.FileRegistry;
import io.virtnode.node.files.FileRole;
import io.virtnode.node.storage.StorageCheck.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The rules for a file that already exists, checked before anything changes on the host: one hard link
 * only, on its storage root's filesystem, not held by another VM in a conflicting role, and for create and
 * char-device files, made by the agent for this very VM (or, for consoles, owned by the QEMU user).
 */
final class FileRules {
  private final FileRegistry registry;
  private final FileProbe probe;
  private final int qemuUid;

  /** registry may be null (no ownership checks); qemuUid -1 when unknown. */
  FileRules(FileRegistry registry, FileProbe probe, int qemuUid) {
    this.registry = registry;
    this.probe = probe;
    this.qemuUid = qemuUid;
  }

  /** Facts of an existing path, or empty (with a problem added when it cannot be looked at). */
  Optional<FileProbe.Facts> facts(String what, Path p, List<Problem> out) {
    try {
      return probe.facts(p);
    } catch (IOException e) {
      out.add(new Problem("FileUnreadable", what + ": cannot look at " + p + ": " + e.getMessage()));
      return Optional.empty();
    }
  }

  /** Checks shared by every role: links, mount, registry; returns false when a problem was added. */
  boolean common(FileOwner owner, String what, Path p, FileProbe.Facts f, FileRole role, Path base,
      List<Problem> out) {
    if (f.regular() && f.nlink() > 1) {
      out.add(new Problem("HardLinked", what + ": " + p + " has " + f.nlink() + " hard links; another name of the"
          + " same file may lie outside the storage roots or belong to another VM: use a copy with one link"));
      return false;
    }
    Optional<FileProbe.Facts> root = facts(what, base, out);
    if (root.isPresent() && root.get().dev() != f.dev()) {
      out.add(new Problem("OtherFilesystem", what + ": " + p + " lies on another filesystem than its storage"
          + " directory " + base + " (a bind or other mount inside the root); files must be on the root's own"
          + " filesystem: copy the file there"));
      return false;
    }
    if (registry != null && owner != null) {
      Optional<FileHold> other = registry.conflict(owner, f.key(), role);
      if (other.isPresent()) {
        FileHold h = other.get();
        out.add(new Problem("FileInUse", what + ": " + p + " is the " + h.role().describe() + " of VM "
            + h.owner().display() + " (as " + h.path() + "); only read-only disks and backing layers are"
            + " shared: give this VM its own file"));
        return false;
      }
    }
    return true;
  }

  /** An existing file at a disk path that has create: only the image the agent made for this VM. */
  void createdForThisVm(FileOwner owner, String what, Path p, FileProbe.Facts f, List<Problem> out) {
    Optional<FileHold> made = registry == null ? Optional.empty() : registry.created(f.key());
    if (made.isPresent() && owner != null && made.get().owner().same(owner)) return;
    out.add(new Problem("ForeignFile", what + ": " + p + " exists (owner uid " + f.uid() + ") but is not the image"
        + " the agent created for this VM" + made.map(h -> " (it was created for " + h.owner().display() + ")")
            .orElse("") + "; create never adopts or chowns an existing file: pick a new path, or drop create"));
  }

  /** An existing file for a File char-device backend: a regular file of this VM's or the QEMU user's. */
  void consoleFile(FileOwner owner, String what, Path p, FileProbe.Facts f, List<Problem> out) {
    if (!f.regular()) {
      out.add(new Problem("NotAFile", what + ": " + p + " is a " + f.typeName() + "; a File backend appends to a"
          + " regular file only"));
      return;
    }
    Optional<FileHold> made = registry == null ? Optional.empty() : registry.created(f.key());
    if (made.isPresent()) {
      FileOwner maker = made.get().owner();
      boolean mine = owner != null && (maker.same(owner)
          || maker.isReleased() && java.util.Objects.equals(maker.namespace(), owner.namespace()));
      if (made.get().role() != FileRole.CHARDEV_FILE || !mine) {
        out.add(new Problem("FileInUse", what + ": " + p + " is the " + made.get().role().describe()
            + " the agent created for VM " + made.get().owner().display() + "; guest output never goes into"
            + " another VM's file: pick a new path"));
      }
      return;
    }
    Optional<FileHold> disk = registry == null ? Optional.empty() : registry.restedDisk(f.key());
    if (disk.isPresent()) {
      out.add(new Problem("FileInUse", what + ": " + p + " is the " + disk.get().role().describe() + " of VM "
          + disk.get().owner().display() + "; guest output never goes into a disk: pick a new path"));
      return;
    }
    if (f.uid() != qemuUid) {
      out.add(new Problem("ForeignFile", what + ": " + p + " exists and belongs to uid " + f.uid() + ", neither the"
          + " QEMU user nor a file the agent made for this VM; it is never chowned or appended to: pick a new path"
          + " or remove the file"));
    }
  }
}
