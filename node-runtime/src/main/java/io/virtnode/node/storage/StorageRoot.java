package io.virtnode.node.storage;

import java.nio.file.Path;
import java.util.Set;

/**
 * One directory VMs' files may live under, and who may use it: PER_NAMESPACE (each namespace only its own
 * {@code <path>/<namespace>/}), SHARED_READ_ONLY (every namespace, read-only disks and backing layers only:
 * a base-image library), NAMESPACES (read-write for the listed namespaces), or ANY_NAMESPACE (every
 * namespace read-write: only for callers that know no namespace, never from settings).
 */
public record StorageRoot(Path path, Mode mode, Set<String> namespaces) {
  /** Who may use the root, and how. */
  public enum Mode { PER_NAMESPACE, SHARED_READ_ONLY, NAMESPACES, ANY_NAMESPACE }

  public StorageRoot {
    if (path == null || !path.isAbsolute() || !path.normalize().equals(path)) {
      throw new IllegalArgumentException("storage root must be an absolute, normalized path: " + path);
    }
    namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
    if (mode == Mode.NAMESPACES && namespaces.isEmpty()) {
      throw new IllegalArgumentException("storage root " + path + " has mode Namespaces but lists no namespace");
    }
  }

  public static StorageRoot perNamespace(Path path) { return new StorageRoot(path, Mode.PER_NAMESPACE, Set.of()); }

  /** The directory a file of namespace must lie beneath in this root (the root itself but for PER_NAMESPACE). */
  public Path base(String namespace) {
    return mode == Mode.PER_NAMESPACE ? path.resolve(namespace) : path;
  }
}
