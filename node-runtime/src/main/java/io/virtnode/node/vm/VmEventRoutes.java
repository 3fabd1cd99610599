package io.virtnode.node.vm;

import io.virtnode.node.qemu.BlockIoError;
import io.virtnode.node.qemu.QmpEvents;
import io.virtnode.node.qemu.QmpSession;
import java.util.Set;

/**
 * Routes a VM's QMP events by type instead of turning each into a full reconcile: run-state events (and disk
 * I/O errors, kept on the handle) tell the agent the VM changed; RESUME only clears the disk errors (only the
 * agent resumes CPUs: no news); everything else (DEVICE_DELETED, block jobs, ...) goes to whoever awaits it.
 */
final class VmEventRoutes {
  /** Events after which the VM's status may read differently. */
  static final Set<String> STATE_EVENTS = Set.of("STOP", "SHUTDOWN", "RESET", "POWERDOWN", "SUSPEND", "WAKEUP",
      "GUEST_PANICKED", "MIGRATION");

  private VmEventRoutes() {}

  static void route(VmHandle h, QmpSession session, Runnable changed) {
    session.events().on(BlockIoError.class, e -> {
      h.diskError(e);
      changed.run();
    });
    session.events().on(QmpEvents.Resume.class, e -> h.clearDiskErrors());
    session.events().on(QmpEvents.Event.class, e -> {
      if (STATE_EVENTS.contains(e.raw().name())) changed.run();
    });
  }
}
