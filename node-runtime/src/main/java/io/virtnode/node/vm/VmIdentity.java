package io.virtnode.node.vm;

/** Who a VM is: its uid (the key of everything on the node) and its namespace/name for people. */
public record VmIdentity(String uid, String namespace, String name) {
  public String displayName() { return namespace + "/" + name; }
}
