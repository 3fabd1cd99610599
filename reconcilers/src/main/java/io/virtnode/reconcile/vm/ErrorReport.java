package io.virtnode.reconcile.vm;

import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import io.virtnode.reconcile.status.Conditions;
import java.time.Instant;

/** An exception out of a reconcile as conditions: Failed=True and Ready=False with a CamelCase reason. Pure. */
final class ErrorReport {
  /** The agent hit an error it retries. */
  static final String AGENT_ERROR = "AgentError";
  /** The agent gave up retrying until the next change. */
  static final String RETRIES_EXHAUSTED = "RetriesExhausted";

  private ErrorReport() {}

  static Failure failure(Exception e, int attempt, boolean exhausted) {
    String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return exhausted
        ? new Failure(RETRIES_EXHAUSTED, "the agent gave up after " + attempt + " attempts: " + what
            + "; fix the cause (see the agent's log), then change the VM or restart the agent to try again")
        : new Failure(AGENT_ERROR, "the agent could not reconcile the VM (attempt " + attempt + "): " + what
            + "; it retries on its own");
  }

  /** The status read with Failed and Ready set from failure; everything else as it was. */
  static VirtualMachineStatus status(VirtualMachine vm, Failure f, Instant now) {
    VirtualMachineStatus s = copy(vm.getStatus());
    long gen = vm.getMetadata().getGeneration() == null ? 0 : vm.getMetadata().getGeneration();
    s.conditions = Conditions.set(s.conditions, new Condition(VmStatusBuilder.FAILED, "True", f.reason(),
        f.message()), gen, now);
    s.conditions = Conditions.set(s.conditions, new Condition(VmStatusBuilder.READY, "False", f.reason(),
        f.message()), gen, now);
    return s;
  }

  private static VirtualMachineStatus copy(VirtualMachineStatus s) {
    var json = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper();
    return s == null ? new VirtualMachineStatus() : json.convertValue(json.valueToTree(s), VirtualMachineStatus.class);
  }
}
