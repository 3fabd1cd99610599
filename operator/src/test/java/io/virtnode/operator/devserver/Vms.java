package io.virtnode.operator.devserver;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Test helpers: VirtualMachine manifests as untyped objects, so the server (not Java) fills defaults. */
final class Vms {
  static final ResourceDefinitionContext VM = new ResourceDefinitionContext.Builder().withGroup("virtnode.io")
      .withVersion("v1alpha1").withKind("VirtualMachine").withPlural("virtualmachines").withNamespaced(true).build();

  private Vms() {
  }

  static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
      vms(KubernetesClient client) {
    return client.genericKubernetesResources(VM);
  }

  static String yaml(String name, String specYaml) {
    return """
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata:
          name: %s
        spec:
        %s""".formatted(name, specYaml.indent(2));
  }

  static String sampleSpec(String memory) {
    return """
        memory: %s
        disks:
        - name: root
          path: /var/lib/virtnode/images/a.img
          create:
            size: 64Mi
        """.formatted(memory);
  }

  static GenericKubernetesResource vm(String name, String specYaml) {
    return Serialization.unmarshal(yaml(name, specYaml), GenericKubernetesResource.class);
  }

  static GenericKubernetesResource sample(String name) {
    return vm(name, sampleSpec("128Mi"));
  }
}
