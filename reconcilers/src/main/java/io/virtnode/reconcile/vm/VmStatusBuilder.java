package io.virtnode.reconcile.vm;

import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.DeviceAddress;
import io.virtnode.api.v1alpha1.DiskStatus;
import io.virtnode.api.v1alpha1.ExitStatus;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import io.virtnode.api.v1alpha1.VmState;
import io.virtnode.api.v1alpha1.VncStatus;
import io.virtnode.node.vm.DiskFacts;
import io.virtnode.node.vm.Observation;
import io.virtnode.node.vm.VmRuntime;
import io.virtnode.reconcile.status.Conditions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Computes the agent's part of a VM's status (nodeName is the controller's) from the spec and the host; pure. */
public final class VmStatusBuilder {
  public static final String READY = "Ready";
  public static final String PAUSED = "Paused";
  public static final String FAILED = "Failed";
  public static final String RESTART_REQUIRED = "RestartRequired";

  private VmStatusBuilder() {}

  public static VirtualMachineStatus build(VirtualMachine vm, Observation obs, Failure failure,
      boolean restartRequired, List<DiskFacts> disks, Instant now) {
    VirtualMachineStatus old = vm.getStatus() == null ? new VirtualMachineStatus() : vm.getStatus();
    long gen = vm.getMetadata().getGeneration() == null ? 0 : vm.getMetadata().getGeneration();
    VmState desired = vm.getSpec().state == null ? VmState.Running : vm.getSpec().state;
    VirtualMachineStatus s = new VirtualMachineStatus();
    s.nodeName = old.nodeName; // the controller's: kept as read, never written by the agent
    s.observedGeneration = gen;
    s.state = state(desired, obs, failure);
    s.pid = obs.processAlive() ? obs.pid() : null;
    s.vnc = obs.processAlive() && obs.vncEndpoint() != null ? new VncStatus(obs.vncEndpoint()) : null;
    s.disks = disks.isEmpty() ? null : disks.stream().map(VmStatusBuilder::disk).toList();
    s.addresses = obs.addresses().isEmpty() ? null : new java.util.TreeMap<>(obs.addresses()).entrySet().stream()
        .map(e -> new DeviceAddress(e.getKey(), e.getValue())).toList();
    s.lastExit = obs.lastExit() != null ? exit(obs) : old.lastExit;

    List<Condition> c = old.conditions;
    c = Conditions.set(c, ready(desired, obs, failure), gen, now);
    c = Conditions.set(c, paused(obs), gen, now);
    c = failure == null ? Conditions.remove(c, FAILED)
        : Conditions.set(c, new Condition(FAILED, "True", failure.reason(), failure.message()), gen, now);
    c = restartRequired ? Conditions.set(c, new Condition(RESTART_REQUIRED, "True", "SpecChanged",
        "cpus, memory or devices changed while QEMU runs; set state Stopped then Running to apply"), gen, now)
        : Conditions.remove(c, RESTART_REQUIRED);
    s.conditions = c;
    return s;
  }

  private static String state(VmState desired, Observation obs, Failure failure) {
    if (obs.processAlive() && VmRuntime.MONITOR_UNREACHABLE.equals(obs.runState())) {
      return obs.stopping() ? "Stopping" : "Unreachable";
    }
    if (obs.processAlive() && obs.unresponsive()) return obs.stopping() ? "Stopping" : "Unresponsive";
    if (obs.processAlive()) return obs.stopping() ? "Stopping" : obs.running() ? "Running" : "Paused";
    if (failure != null) return "Failed";
    return desired == VmState.Stopped ? "Stopped" : "Starting";
  }

  private static Condition ready(VmState desired, Observation obs, Failure failure) {
    if (failure != null) return new Condition(READY, "False", failure.reason(), failure.message());
    if (desired == VmState.Stopped) {
      return obs.processAlive() ? new Condition(READY, "False", "Stopping", "QEMU is shutting down")
          : new Condition(READY, "False", "Stopped", "the VM is stopped as asked");
    }
    if (!obs.processAlive()) {
      return obs.lastExit() != null
          ? new Condition(READY, "False", "QemuExited", "QEMU " + obs.lastExit().reason() + "; restarting")
          : new Condition(READY, "False", "Starting", "QEMU is being started");
    }
    if (VmRuntime.MONITOR_UNREACHABLE.equals(obs.runState())) {
      return new Condition(READY, "False", "MonitorUnreachable", "QEMU pid " + obs.pid() + " runs but its monitor"
          + " was refused or does not answer (see the agent's log); set state Stopped to stop it by signal");
    }
    if (obs.unresponsive()) return unresponsive(obs);
    boolean inState = desired == VmState.Running ? obs.running() : obs.paused();
    return inState ? new Condition(READY, "True", desired == VmState.Running ? "Running" : "Paused",
        "QEMU pid " + obs.pid() + " is " + obs.runState())
        : new Condition(READY, "False", "Converging", "QEMU is " + obs.runState() + ", wanted " + desired);
  }

  /** Reason of Ready while a running QEMU's monitor does not answer the agent's checks. */
  public static final String MONITOR_UNRESPONSIVE = "MonitorUnresponsive";

  private static Condition unresponsive(Observation obs) {
    return new Condition(READY, "False", MONITOR_UNRESPONSIVE, "QEMU pid " + obs.pid() + " does not answer"
        + " query-status on its monitor within the QMP timeout (the process is stopped, e.g. SIGSTOP, or wedged:"
        + " see the State line of /proc/" + obs.pid() + "/status); the agent keeps asking and recovers the status"
        + " by itself when it answers, carrying out pending changes then; set state Stopped to end it (SIGTERM,"
        + " then SIGKILL after the stop grace period)");
  }

  private static Condition paused(Observation obs) {
    return obs.paused()
        ? new Condition(PAUSED, "True", "CpusStopped", "guest CPUs are stopped (" + obs.runState() + ")")
        : new Condition(PAUSED, "False", obs.processAlive() ? "CpusRunning" : "NotRunning", "guest CPUs are not paused");
  }

  private static DiskStatus disk(DiskFacts f) {
    DiskStatus d = new DiskStatus();
    d.name = f.name();
    d.capacity = f.capacity();
    d.allocation = f.allocation();
    d.physical = f.physical();
    return d;
  }

  private static ExitStatus exit(Observation obs) {
    ExitStatus e = new ExitStatus();
    e.time = obs.lastExit().at().truncatedTo(ChronoUnit.SECONDS).toString();
    e.reason = obs.lastExit().reason();
    return e;
  }
}
