package io.virtnode.operator.plugin;

import picocli.CommandLine.Parameters;

/** Sets a VM's spec.state with a JSON merge patch, says what changed and how to wait for the agent. */
abstract class StateChangeCommand extends PluginCommand {
  @Parameters(index = "0", paramLabel = "VM", description = "VirtualMachine name.")
  String vm;

  private final String target;

  StateChangeCommand(String target) {
    this.target = target;
  }

  @Override int run() {
    Vms vms = vms();
    String before = vms.specState(vm);
    if (before.equals(target)) {
      out().println("virtualmachine " + vms.ref(vm) + ": spec.state is already " + target + "; nothing changed");
    } else {
      patch(vms, before);
      out().println("virtualmachine " + vms.ref(vm) + ": spec.state " + before + " -> " + target);
    }
    out().println("wait for the agent: " + waitHint(vms.namespace(), vm, target));
    return 0;
  }

  /** Patches spec.state; a refusal by the API server is reported in its own words. */
  void patch(Vms vms, String before) {
    try {
      vms.patchState(vm, target);
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() != 422 && e.getCode() != 400) throw e;
      throw new PluginException("the API server refused spec.state " + target + " for " + vms.ref(vm)
          + " (it stays " + before + "): " + statusMessage(e));
    }
  }

  /** The kubectl wait command that returns once the agent reports the state. */
  static String waitHint(String namespace, String vm, String state) {
    return state.equals("Running")
        ? "kubectl wait -n " + namespace + " vm/" + vm + " --for=condition=Ready"
        : "kubectl wait -n " + namespace + " vm/" + vm + " --for=jsonpath='{.status.state}'=" + state;
  }
}
