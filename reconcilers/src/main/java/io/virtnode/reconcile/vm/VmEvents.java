package io.virtnode.reconcile.vm;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records Kubernetes events when a VM's observed state changes; a failed event write is only logged. */
public class VmEvents implements VmEventSink {
  private static final Logger LOG = LoggerFactory.getLogger(VmEvents.class);
  private final KubernetesClient client;
  private final String component;
  private final Clock clock;
  /** Events are fire-and-forget: sent in order on one thread, never delaying a reconcile. */
  private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "vm-events");
    t.setDaemon(true);
    return t;
  });

  public VmEvents(KubernetesClient client, String component, Clock clock) {
    this.client = client;
    this.component = component;
    this.clock = clock;
  }

  /** Emits one event if the state or the failure reason changed between old and new status. */
  @Override public void transition(VirtualMachine vm, VirtualMachineStatus old, VirtualMachineStatus now) {
    String oldState = old == null ? null : old.state;
    String oldFailure = failure(old);
    String newFailure = failure(now);
    boolean crashed = now.lastExit != null && (old == null || old.lastExit == null
        || !Objects.equals(old.lastExit.time, now.lastExit.time));
    if (crashed) emit(vm, "Warning", "QemuExited", "QEMU " + now.lastExit.reason);
    boolean wasHung = hung(old);
    boolean isHung = hung(now);
    if (isHung && !wasHung) {
      emit(vm, "Warning", VmStatusBuilder.MONITOR_UNRESPONSIVE, message(now, VmStatusBuilder.READY));
      return;
    }
    if (wasHung && !isHung) {
      emit(vm, "Normal", "MonitorResponsive", "the monitor answers again"
          + (now.pid != null ? " (QEMU pid " + now.pid + ", " + now.state + ")" : "") );
      if (Objects.equals(old.pid, now.pid)) return; // same QEMU, back to its state: no other news
    }
    if (newFailure != null && !newFailure.equals(oldFailure)) {
      emit(vm, "Warning", newFailure, message(now, VmStatusBuilder.FAILED));
    } else if (!Objects.equals(oldState, now.state) && !"Starting".equals(now.state)) {
      emit(vm, "Normal", now.state, "VM is " + now.state.toLowerCase()
          + (now.pid != null ? " (QEMU pid " + now.pid + ")" : ""));
    }
  }

  @Override public void deleted(VirtualMachine vm, java.util.List<String> files) {
    emit(vm, "Normal", "Released", "QEMU stopped and host resources released on " + component
        + (files.isEmpty() ? "" : "; " + String.join("; ", files)));
  }

  /** Sends one event (overridable to capture events in tests). */
  void emit(VirtualMachine vm, String type, String reason, String message) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    var event = new EventBuilder()
        .withNewMetadata().withName(vm.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
        .withNamespace(vm.getMetadata().getNamespace()).endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(vm.getApiVersion()).withKind(vm.getKind())
            .withName(vm.getMetadata().getName()).withNamespace(vm.getMetadata().getNamespace())
            .withUid(vm.getMetadata().getUid()).build())
        .withType(type).withReason(reason).withMessage(message)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withNewSource().withComponent(component).endSource()
        .build();
    sender.execute(() -> {
      try {
        client.v1().events().inNamespace(vm.getMetadata().getNamespace()).resource(event).create();
      } catch (RuntimeException e) {
        LOG.warn("cannot record event {} for {}: {}", reason, vm.getMetadata().getName(), e.getMessage());
      }
    });
  }

  private static boolean hung(VirtualMachineStatus s) {
    return s != null && s.conditions.stream().anyMatch(c -> c.type.equals(VmStatusBuilder.READY)
        && VmStatusBuilder.MONITOR_UNRESPONSIVE.equals(c.reason));
  }

  private static String failure(VirtualMachineStatus s) {
    if (s == null) return null;
    return s.conditions.stream().filter(c -> c.type.equals(VmStatusBuilder.FAILED) && "True".equals(c.status))
        .map(c -> c.reason).findFirst().orElse(null);
  }

  private static String message(VirtualMachineStatus s, String type) {
    return s.conditions.stream().filter(c -> c.type.equals(type)).map(c -> c.message).findFirst().orElse("");
  }
}
