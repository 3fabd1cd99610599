package io.virtnode.node.storage;

import io.virtnode.node.domain.CharBackendSpec;
import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.files.FileOwner;
import io.virtnode.node.files.FileProbe;
import io.virtnode.node.files.FileRegistry;
import io.virtnode.node.files.FileRole;
import io.virtnode.node.isolation.QemuIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks, before anything is touched, that every host path of a VM is acceptable: absolute and normal, under
 * a storage root open to its namespace, free of symlinks, of the declared kind, one hard link on the root's
 * own filesystem, not another VM's (by inode), and — for images — that the declared format is the real one
 * and every backing file also lies under an allowed root.
 */
public final class StorageCheck {
  /** A reason a path is refused, or — when warning — a check that had to be skipped (the VM still starts). */
  public record Problem(String reason, String message, boolean warning) {
    public Problem(String reason, String message) { this(reason, message, false); }
  }

  /** Whether a file exists, is missing, or cannot be looked at (root squashed on NFS). */
  public enum Presence { PRESENT, MISSING, UNREADABLE }

  /** Looks a path up without following symlinks. */
  @FunctionalInterface
  public interface Lookup {
    Presence presence(Path p);
  }

  private static Presence lookup(Path p) {
    try {
      Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return Presence.PRESENT;
    } catch (java.nio.file.NoSuchFileException e) {
      return Presence.MISSING;
    } catch (java.nio.file.AccessDeniedException e) {
      return Presence.UNREADABLE;
    } catch (IOException e) {
      return Presence.MISSING;
    }
  }

  /** One layer of an image's backing chain. */
  public record Layer(Path file, String format) {}

  /** Reads the backing chain of an image, top first. */
  @FunctionalInterface
  public interface ChainReader {
    List<Layer> read(Path image) throws IOException;
  }

  private final StorageRoots roots;
  private final ChainReader chains;
  private final Lookup files;
  private final FileRules rules;
  /** The user QEMU runs as, when known: places QEMU must create files in are checked against it. */
  private QemuIdentity qemu;

  /** Any namespace may use any root; no registry: for callers that know no VM identity. */
  public StorageCheck(List<Path> allowedRoots, ChainReader chains) {
    this(allowedRoots, chains, StorageCheck::lookup);
  }

  /** With a stand-in for stat, to test what NFS root squash does. */
  public StorageCheck(List<Path> allowedRoots, ChainReader chains, Lookup files) {
    this(StorageRoots.anyNamespace(allowedRoots), chains, null, -1, files);
  }

  /** Tenant-scoped roots, the node's file registry and the QEMU user (owner of acceptable console files). */
  public StorageCheck(StorageRoots roots, ChainReader chains, FileRegistry registry, int qemuUid) {
    this(roots, chains, registry, qemuUid, StorageCheck::lookup);
  }

  /**
   * As above, knowing the QEMU user's groups too: a Unix server socket is refused up front where that user
   * cannot create it.
   */
  public StorageCheck(StorageRoots roots, ChainReader chains, FileRegistry registry, QemuIdentity qemu) {
    this(roots, chains, registry, qemu.uid(), StorageCheck::lookup);
    this.qemu = qemu;
  }

  StorageCheck(StorageRoots roots, ChainReader chains, FileRegistry registry, int qemuUid, Lookup files) {
    this.roots = roots;
    this.chains = chains;
    this.files = files;
    this.rules = new FileRules(registry, new FileProbe(), qemuUid);
  }

  /** As {@link #check(FileOwner, DomainSpec, Set)} for no VM in particular (no namespace, no registry). */
  public List<Problem> check(DomainSpec spec, Set<Path> toCreate) {
    return check(null, spec, toCreate);
  }

  /**
   * Problems found for the VM owner; empty when it may start. toCreate are images that will be made if
   * missing (an existing file there must be the one the agent created for this VM).
   */
  public List<Problem> check(FileOwner owner, DomainSpec spec, Set<Path> toCreate) {
    String ns = owner == null ? null : owner.namespace();
    List<Problem> out = new ArrayList<>();
    for (DiskSpec d : spec.disks()) {
      String what = "disk " + d.name();
      FileRole role = d.readOnly() ? FileRole.DISK_RO : FileRole.DISK_RW;
      if (!notSystem(what, d.path(), d.block(), out)) continue;
      Path base = placed(ns, what, d.path(), !d.readOnly(), out);
      if (base == null) continue;
      Presence presence = files.presence(d.path());
      if (presence == Presence.UNREADABLE) {
        out.add(new Problem("RootSquashed", what + ": " + d.path() + " cannot be looked at by the agent (NFS root"
            + " squash?); its type, format and backing chain were not checked", true));
        continue;
      }
      if (presence != Presence.PRESENT) {
        if (!toCreate.contains(d.path())) {
          out.add(new Problem("DiskNotFound", what + ": " + d.path() + " does not exist; create it or add create: {size: ...}"));
        }
        continue;
      }
      if (d.block() && !isBlockDevice(d.path())) {
        out.add(new Problem("NotABlockDevice", what + ": " + d.path() + " is not a block device; use type File"));
        continue;
      } else if (!d.block() && !Files.isRegularFile(d.path(), LinkOption.NOFOLLOW_LINKS)) {
        out.add(new Problem("NotAFile", what + ": " + d.path() + " is not a regular file; use type Block for devices"));
        continue;
      }
      var facts = rules.facts(what, d.path(), out);
      if (facts.isEmpty() || !rules.common(owner, what, d.path(), facts.get(), role, base, out)) continue;
      if (toCreate.contains(d.path())) {
        int before = out.size();
        rules.createdForThisVm(owner, what, d.path(), facts.get(), out);
        if (out.size() > before) continue;
      }
      if (!d.block()) checkChain(ns, owner, what, d, out);
    }
    Stream.of(spec.serials(), spec.consoles(), spec.parallels()).flatMap(List::stream)
        .forEach(c -> checkBackend(ns, owner, "char device " + c.name(), c.backend(), out));
    spec.channels().forEach(c -> checkBackend(ns, owner, "channel " + c.name(), c.backend(), out));
    return out;
  }

  private void checkChain(String ns, FileOwner owner, String what, DiskSpec d, List<Problem> out) {
    List<Layer> layers;
    try {
      layers = chains.read(d.path());
    } catch (IOException e) {
      boolean squashed = e instanceof java.nio.file.AccessDeniedException
          || String.valueOf(e.getMessage()).contains("Permission denied");
      out.add(squashed
          ? new Problem("RootSquashed", what + ": the backing chain of " + d.path() + " cannot be read by the agent"
              + " (NFS root squash?); it was not checked", true)
          : new Problem("DiskUnreadable", what + ": cannot read image " + d.path() + ": " + e.getMessage()));
      return;
    }
    if (layers.isEmpty()) return;
    String actual = layers.get(0).format();
    String declared = d.format().name().toLowerCase(java.util.Locale.ROOT);
    if (!declared.equals(actual)) {
      out.add(new Problem("DiskFormatMismatch", what + ": " + d.path() + " is " + actual + " but format says "
          + declared + "; fix format (a raw image is never probed as another format)"));
    }
    for (Layer l : layers.subList(1, layers.size())) {
      String layer = what + " backing file";
      Path base = placed(ns, layer, l.file(), false, out);
      if (base == null) continue;
      rules.facts(layer, l.file(), out)
          .ifPresent(f -> rules.common(owner, layer, l.file(), f, FileRole.BACKING, base, out));
    }
  }

  private void checkBackend(String ns, FileOwner owner, String what, CharBackendSpec b, List<Problem> out) {
    if (b.path() == null) return;
    if (!notSystem(what, b.path(), false, out)) return;
    Path base = placed(ns, what, b.path(), true, out);
    if (base == null) return;
    Path parent = b.path().getParent();
    if ((b.kind() == CharBackendSpec.Kind.FILE || b.kind() == CharBackendSpec.Kind.UNIX)
        && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      out.add(new Problem("DirectoryNotFound", what + ": directory " + parent + " does not exist"));
      return;
    }
    var facts = rules.facts(what, b.path(), out);
    switch (b.kind()) {
      case FILE -> facts.ifPresent(f -> {
        if (rules.common(owner, what, b.path(), f, FileRole.CHARDEV_FILE, base, out)) {
          rules.consoleFile(owner, what, b.path(), f, out);
        }
      });
      case UNIX -> {
        if (b.server() && facts.isPresent()) {
          out.add(new Problem("FileExists", what + ": " + b.path() + " exists (a " + facts.get().typeName()
              + "); a Unix server backend binds only where no file exists, it never replaces one: pick a new path"));
        } else if (b.server() && qemu != null) {
          qemu.cannotCreateIn(parent).ifPresent(why -> out.add(new Problem("SocketDirNotWritable", what
              + ": QEMU runs as " + qemu.user() + " (uid " + qemu.uid() + ") and creates the socket " + b.path()
              + " itself, but " + why + "; make " + parent + " writable for " + qemu.user() + " (chown, chmod or"
              + " a group it is in) or pick a path in a directory it can write")));
        } else if (!b.server() && facts.isPresent() && !facts.get().socket()) {
          out.add(new Problem("NotASocket", what + ": " + b.path() + " is a " + facts.get().typeName()
              + ", not a unix socket to connect to"));
        } else if (!b.server() && facts.isPresent()) {
          rules.common(owner, what, b.path(), facts.get(), FileRole.SOCKET, base, out);
        }
      }
      case PIPE -> checkPipe(owner, what, b.path(), base, facts, out);
      case PTY -> { }
    }
  }

  /** A Pipe backend needs path, or path.in and path.out, to be FIFOs (never a file QEMU would write into). */
  private void checkPipe(FileOwner owner, String what, Path p, Path base, java.util.Optional<FileProbe.Facts> f,
      List<Problem> out) {
    List<Path> ends = f.isPresent() ? List.of(p)
        : List.of(p.resolveSibling(p.getFileName() + ".in"), p.resolveSibling(p.getFileName() + ".out"));
    for (Path end : ends) {
      var facts = f.isPresent() ? f : rules.facts(what, end, out);
      if (facts.isEmpty()) {
        out.add(new Problem("PipeNotFound", what + ": neither " + p + " nor " + end + " exists; a Pipe backend"
            + " needs FIFOs (mkfifo) there"));
        return;
      }
      if (!facts.get().fifo()) {
        out.add(new Problem("NotAFifo", what + ": " + end + " is a " + facts.get().typeName() + "; a Pipe backend"
            + " uses FIFOs only (mkfifo), never a file or device"));
        return;
      }
      rules.common(owner, what, end, facts.get(), FileRole.CHARDEV_FILE, base, out);
    }
  }

  /** /proc and /sys are never storage; /dev only holds block devices, even when a root is set too wide. */
  private static boolean notSystem(String what, Path p, boolean blockDevice, List<Problem> out) {
    Path n = p.normalize();
    if (n.startsWith("/proc") || n.startsWith("/sys") || (!blockDevice && n.startsWith("/dev"))) {
      out.add(new Problem("SystemPath", what + ": " + p + " is a kernel or device path, never a VM's file"));
      return false;
    }
    return true;
  }

  /**
   * The directory p is allowed beneath (for namespace ns and the access), or null with a problem added when p
   * is not a clean absolute path there without symlinks.
   */
  private Path placed(String ns, String what, Path p, boolean write, List<Problem> out) {
    if (!p.isAbsolute() || !p.normalize().equals(p) || p.toString().contains("/./")) {
      out.add(new Problem("PathNotNormal", what + ": " + p + " must be an absolute path without . or .. parts"));
      return null;
    }
    StorageRoots.Decision decision = roots.permit(ns, p, write, what);
    if (!decision.allowed()) {
      out.add(decision.problem());
      return null;
    }
    Path root = roots.roots().stream().map(StorageRoot::path).filter(p::startsWith).findFirst().orElseThrow();
    Path cur = p;
    while (cur != null && !cur.equals(root.getParent())) {
      if (Files.isSymbolicLink(cur)) {
        out.add(new Problem("SymlinkRefused", what + ": " + cur + " is a symbolic link; use the real path"));
        return null;
      }
      cur = cur.getParent();
    }
    return decision.base();
  }

  private static boolean isBlockDevice(Path p) {
    try {
      Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return ((Integer) mode & 0170000) == 0060000;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
