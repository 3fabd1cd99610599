package io.virtnode.operator.plugin;

import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.virtnode.api.v1alpha1.VirtualMachine;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** restart: spec.state Stopped, wait (by watch) until the agent reports Stopped, then spec.state Running. */
@Command(name = "restart", mixinStandardHelpOptions = true,
    description = "Stop a VM, wait until its agent reports it Stopped, then start it again.")
final class RestartCommand extends PluginCommand {
  @Parameters(index = "0", paramLabel = "VM", description = "VirtualMachine name.")
  String vm;

  @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS",
      description = "How long to wait for the VM to stop (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override int run() {
    Vms vms = vms();
    String before = vms.specState(vm);
    long generation = before.equals("Stopped") ? 0 : vms.patchState(vm, "Stopped");
    if (!before.equals("Stopped")) {
      out().println("virtualmachine " + vms.ref(vm) + ": spec.state " + before + " -> Stopped; waiting for it to stop");
    }
    try {
      vms.resource(vm).waitUntilCondition(current -> stoppedOrGone(current, generation), timeoutSeconds,
          TimeUnit.SECONDS);
    } catch (KubernetesClientTimeoutException e) {
      throw new PluginException(vms.ref(vm) + " did not stop within " + timeoutSeconds + " s ("
          + Vms.stateWords(vms.get(vm)) + "); spec.state stays Stopped: run start when it has stopped",
          PluginException.TIMED_OUT);
    }
    vms.get(vm); // gone while stopping: not found, named
    vms.patchState(vm, "Running");
    out().println("virtualmachine " + vms.ref(vm) + ": stopped; spec.state Stopped -> Running");
    out().println("wait for the agent: " + StateChangeCommand.waitHint(vms.namespace(), vm, "Running"));
    return 0;
  }

  /** Gone, or Stopped as reported for the stop request (an agent that reports observedGeneration has seen it). */
  private static boolean stoppedOrGone(VirtualMachine current, long generation) {
    if (current == null) return true;
    Long observed = current.getStatus() == null ? null : current.getStatus().observedGeneration;
    return "Stopped".equals(Vms.observedState(current)) && (observed == null || observed >= generation);
  }
}
