package io.virtnode.node.storage;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The agent's storage roots and the rule of which namespace may use which path of them, and how. */
public final class StorageRoots {
  private final List<StorageRoot> roots;

  public StorageRoots(List<StorageRoot> roots) {
    this.roots = roots.stream().sorted(Comparator.comparingInt((StorageRoot r) -> r.path().getNameCount())
        .reversed()).toList();
  }

  /** Every root open to every namespace read-write: what a caller that knows no namespace gets. */
  public static StorageRoots anyNamespace(List<Path> paths) {
    return new StorageRoots(paths.stream().map(p -> new StorageRoot(p.toAbsolutePath().normalize(),
        StorageRoot.Mode.ANY_NAMESPACE, null)).toList());
  }

  public List<StorageRoot> roots() { return roots; }

  /** The roots' directories (what the fd opener walks beneath). */
  public List<Path> paths() { return roots.stream().map(StorageRoot::path).toList(); }

  /** The directory path is allowed beneath, for namespace and the access, or a problem saying why not. */
  public Decision permit(String namespace, Path path, boolean write, String what) {
    Optional<StorageRoot> root = roots.stream().filter(r -> path.startsWith(r.path()) && !path.equals(r.path()))
        .findFirst();
    if (root.isEmpty()) {
      return Decision.no("PathNotAllowed", what + ": " + path + " is outside the agent's storage roots "
          + paths() + "; move it under one of them or ask the node's admin to allow its directory");
    }
    StorageRoot r = root.get();
    return switch (r.mode()) {
      case ANY_NAMESPACE -> Decision.yes(r.path());
      case SHARED_READ_ONLY -> write
          ? Decision.no("ReadOnlyStorage", what + ": " + path + " is in the read-only shared root " + r.path()
              + "; use it as a read-only disk or backing layer, or copy it into your namespace's directory")
          : Decision.yes(r.path());
      case NAMESPACES -> r.namespaces().contains(namespace) ? Decision.yes(r.path())
          : Decision.no("OtherNamespace", what + ": " + path + " is in storage root " + r.path()
              + ", which is not open to namespace " + namespace + "; use your namespace's directory");
      case PER_NAMESPACE -> {
        Path base = r.base(namespace);
        yield namespace != null && path.startsWith(base) && !path.equals(base) ? Decision.yes(base)
            : Decision.no("OtherNamespace", what + ": " + path + " is not in namespace " + namespace
                + "'s directory " + (namespace == null ? r.path() + "/<namespace>" : base)
                + " of storage root " + r.path() + "; VMs use only their own namespace's files");
      }
    };
  }

  /** Allowed (with the directory the path must share its filesystem with) or refused with a problem. */
  public record Decision(Path base, StorageCheck.Problem problem) {
    static Decision yes(Path base) { return new Decision(base, null); }

    static Decision no(String reason, String message) { return new Decision(null, new StorageCheck.Problem(reason, message)); }

    public boolean allowed() { return problem == null; }
  }
}
