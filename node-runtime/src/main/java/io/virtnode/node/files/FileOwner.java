package io.virtnode.node.files;

/** The VM a file belongs to: identity is uid AND namespace/name, never the uid alone. */
public record FileOwner(String uid, String namespace, String name) {
  public FileOwner {
    if (uid == null || uid.isBlank()) throw new IllegalArgumentException("file owner needs a VM uid");
  }

  /** Whether other is this very VM (same uid, namespace and name). */
  public boolean same(FileOwner other) {
    return other != null && uid.equals(other.uid) && java.util.Objects.equals(namespace, other.namespace)
        && java.util.Objects.equals(name, other.name);
  }

  /** "namespace/name (uid …)", for messages. */
  public String display() { return namespace + "/" + name + " (uid " + uid + ")"; }
}
