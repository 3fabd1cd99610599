package io.virtnode.node.storage;

import io.virtnode.node.domain.CharBackendSpec;
import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DomainSpec;
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
 * an allowed storage root, free of symlinks, of the declared kind, and — for images — that the declared
 * format is the real one and every backing file also lies under an allowed root.
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

  private final List<Path> roots;
  private final ChainReader chains;
  private final Lookup files;

  public StorageCheck(List<Path> allowedRoots, ChainReader chains) {
    this(allowedRoots, chains, StorageCheck::lookup);
  }

  /** With a stand-in for stat, to test what NFS root squash does. */
  public StorageCheck(List<Path> allowedRoots, ChainReader chains, Lookup files) {
    this.roots = allowedRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.chains = chains;
    this.files = files;
  }

  /** Problems found; empty when the VM may start. toCreate are images that will be made if missing. */
  public List<Problem> check(DomainSpec spec, Set<Path> toCreate) {
    List<Problem> out = new ArrayList<>();
    for (DiskSpec d : spec.disks()) {
      String what = "disk " + d.name();
      if (!notSystem(what, d.path(), d.block(), out) || !placed(what, d.path(), out)) continue;
      Presence presence = files.presence(d.path());
      if (presence == Presence.UNREADABLE) {
        out.add(new Problem("RootSquashed", what + ": " + d.path() + " cannot be looked at by the agent (NFS root"
            + " squash?); its type, format and backing chain were not checked", true));
        continue;
      }
      boolean exists = presence == Presence.PRESENT;
      if (!exists) {
        if (!toCreate.contains(d.path())) {
          out.add(new Problem("DiskNotFound", what + ": " + d.path() + " does not exist; create it or add create: {size: ...}"));
        }
        continue;
      }
      if (d.block() && !isBlockDevice(d.path())) {
        out.add(new Problem("NotABlockDevice", what + ": " + d.path() + " is not a block device; use type File"));
      } else if (!d.block() && !Files.isRegularFile(d.path(), LinkOption.NOFOLLOW_LINKS)) {
        out.add(new Problem("NotAFile", what + ": " + d.path() + " is not a regular file; use type Block for devices"));
      } else if (!d.block()) {
        checkChain(what, d, out);
      }
    }
    Stream.of(spec.serials(), spec.consoles(), spec.parallels()).flatMap(List::stream)
        .forEach(c -> checkBackend("char device " + c.name(), c.backend(), out));
    spec.channels().forEach(c -> checkBackend("channel " + c.name(), c.backend(), out));
    return out;
  }

  private void checkChain(String what, DiskSpec d, List<Problem> out) {
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
      placed(what + " backing file", l.file(), out);
    }
  }

  private void checkBackend(String what, CharBackendSpec b, List<Problem> out) {
    if (b.path() == null) return;
    if (!notSystem(what, b.path(), false, out) || !placed(what, b.path(), out)) return;
    Path parent = b.path().getParent();
    if (b.kind() == CharBackendSpec.Kind.FILE && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      out.add(new Problem("DirectoryNotFound", what + ": directory " + parent + " does not exist"));
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

  /** Adds a problem and returns false when p is not a clean absolute path under a root without symlinks. */
  private boolean placed(String what, Path p, List<Problem> out) {
    if (!p.isAbsolute() || !p.normalize().equals(p) || p.toString().contains("/./")) {
      out.add(new Problem("PathNotNormal", what + ": " + p + " must be an absolute path without . or .. parts"));
      return false;
    }
    Path root = roots.stream().filter(p::startsWith).filter(r -> !r.equals(p)).findFirst().orElse(null);
    if (root == null) {
      out.add(new Problem("PathNotAllowed", what + ": " + p + " is outside the agent's allowed storage roots "
          + roots + "; move it under one of them or ask the node's admin to allow its directory"));
      return false;
    }
    Path cur = p;
    while (cur != null && !cur.equals(root.getParent())) {
      if (Files.isSymbolicLink(cur)) {
        out.add(new Problem("SymlinkRefused", what + ": " + cur + " is a symbolic link; use the real path"));
        return false;
      }
      cur = cur.getParent();
    }
    return true;
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
