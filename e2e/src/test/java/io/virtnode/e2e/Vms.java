package io.virtnode.e2e;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.virtnode.api.v1alpha1.VirtualMachine;

/** VirtualMachine manifests for tests, written as a user would write them. */
final class Vms {
  private Vms() {}

  /** A VM with one created raw disk under images, from YAML with the given extra spec lines. */
  static VirtualMachine minimal(String name, String images, String extraSpecYaml) {
    return Serialization.unmarshal("""
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata:
          name: %s
          namespace: default
        spec:
          memory: 64Mi
          disks:
          - name: root
            path: %s/%s.img
            create: {size: 16Mi}
        %s
        """.formatted(name, images, name, extraSpecYaml.indent(2)), VirtualMachine.class);
  }

  static VirtualMachine yaml(String yaml) {
    return Serialization.unmarshal(yaml, VirtualMachine.class);
  }

  /** A VM whose only disk is given inline, e.g. "{name: root, type: Block, path: /x}". */
  static VirtualMachine withDisk(String name, String diskYaml) {
    return yaml("""
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata: {name: %s, namespace: default}
        spec:
          memory: 64Mi
          disks: [%s]
        """.formatted(name, diskYaml));
  }
}
