package io.virtnode.node.pci;

import java.util.Objects;

/** A VM by identity: namespace, name and uid together (a recreated VM of the same name is another VM). */
public record VmRef(String namespace, String name, String uid) {
  public VmRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
  }

  @Override
  public String toString() {
    return namespace + "/" + name + " (uid " + uid + ")";
  }
}
