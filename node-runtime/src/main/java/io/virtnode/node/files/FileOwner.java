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

  private static final String RELEASED = "-released-";

  /** The owner of a console file the agent made for a VM of namespace that has since been deleted. */
  public static FileOwner released(String namespace) { return new FileOwner(RELEASED, namespace, null); }

  /** Whether this marks a file whose VM is gone (see {@link #released}). */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isReleased() { return uid.equals(RELEASED); }

  /** "namespace/name (uid …)", for messages. */
  public String display() { return namespace + "/" + name + " (uid " + uid + ")"; }
}
