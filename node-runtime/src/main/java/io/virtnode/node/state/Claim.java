package io.virtnode.node.state;

/**
 * A host resource the agent took (or is about to take) for a VM, written to the record before it is created
 * and removed from it once its undo ran. The kind names the undo; the key says which resource.
 *
 * @param kind e.g. "vnc-port", "run-dir", "cgroup", "device-acl", "labels", "qemu", "image"
 * @param key which one: a port number, a path, a pid; empty when the VM has only one of that kind
 * @param scope RUN: released when QEMU ends; VM: kept until the VM is deleted (e.g. an image it created)
 */
public record Claim(String kind, String key, Scope scope) {
  /** How long a claim lives. */
  public enum Scope { RUN, VM }

  public Claim {
    if (kind == null || kind.isBlank()) throw new IllegalArgumentException("a claim needs a kind");
    key = key == null ? "" : key;
    scope = scope == null ? Scope.RUN : scope;
  }

  public static Claim run(String kind, String key) { return new Claim(kind, key, Scope.RUN); }

  public static Claim vm(String kind, String key) { return new Claim(kind, key, Scope.VM); }
}
