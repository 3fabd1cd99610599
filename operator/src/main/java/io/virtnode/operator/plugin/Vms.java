package io.virtnode.operator.plugin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.virtnode.api.v1alpha1.ApiGroup;
import io.virtnode.api.v1alpha1.VirtualMachine;

/** The VirtualMachines of one namespace, as the plugin reads and patches them. */
final class Vms {
  static final ResourceDefinitionContext VM = new ResourceDefinitionContext.Builder().withGroup(ApiGroup.GROUP)
      .withVersion(ApiGroup.VERSION).withKind("VirtualMachine").withPlural("virtualmachines").withNamespaced(true)
      .build();

  private final KubernetesClient client;
  private final String namespace;

  Vms(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  String namespace() {
    return namespace;
  }

  /** The VM, or a PluginException naming the namespace when there is none. */
  VirtualMachine get(String name) {
    VirtualMachine vm = resource(name).get();
    if (vm == null) throw notFound(name);
    return vm;
  }

  Resource<VirtualMachine> resource(String name) {
    return client.resources(VirtualMachine.class).inNamespace(namespace).withName(name);
  }

  /**
   * Sets spec.state with a JSON merge patch. Untyped, so a state this client's API types do not know (Saved)
   * still reaches the server, which accepts or refuses it. Returns the VM's generation after the patch.
   */
  long patchState(String name, String state) {
    String patch = "{\"spec\":{\"state\":\"" + state + "\"}}";
    try {
      GenericKubernetesResource patched = client.genericKubernetesResources(VM).inNamespace(namespace).withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      Long generation = patched.getMetadata().getGeneration();
      return generation == null ? 0 : generation;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) throw notFound(name);
      throw e;
    }
  }

  /** The VM's spec.state as stored (the server's default when unset). */
  String specState(String name) {
    GenericKubernetesResource vm = client.genericKubernetesResources(VM).inNamespace(namespace).withName(name).get();
    if (vm == null) throw notFound(name);
    Object state = vm.get("spec", "state");
    return state == null ? "Running" : state.toString();
  }

  /** "namespace/name", as messages name a VM. */
  String ref(String name) {
    return namespace + "/" + name;
  }

  PluginException notFound(String name) {
    return new PluginException("VirtualMachine \"" + name + "\" not found in namespace \"" + namespace + "\"");
  }

  /** The VM's status.state, or null while the agent has written none. */
  static String observedState(VirtualMachine vm) {
    return vm == null || vm.getStatus() == null ? null : vm.getStatus().state;
  }

  /** "status.state X", or "no status.state yet" while the agent has written none. */
  static String stateWords(VirtualMachine vm) {
    String state = observedState(vm);
    return state == null ? "no status.state yet" : "status.state " + state;
  }

  /** The node the VM is placed on, or null while it is not placed. */
  static String node(VirtualMachine vm) {
    return vm.getStatus() == null ? null : vm.getStatus().nodeName;
  }
}
