package io.virtnode.node.vm;

import io.virtnode.node.qemu.QemuProcess;
import io.virtnode.node.qemu.QmpClient;
import io.virtnode.node.qemu.QmpEvent;

/** A live QEMU of a VM with its monitor session, and the last SHUTDOWN reason it reported. */
final class VmHandle {
  final VmIdentity id;
  final QemuProcess process;
  final QmpClient monitor;
  volatile String shutdownReason;

  VmHandle(VmIdentity id, QemuProcess process, QmpClient monitor) {
    this.id = id;
    this.process = process;
    this.monitor = monitor;
  }

  void onEvent(QmpEvent event) {
    if ("SHUTDOWN".equals(event.name())) {
      var data = event.data();
      boolean guest = data != null && data.path("guest").asBoolean(false);
      String reason = data == null ? "" : data.path("reason").asText("");
      shutdownReason = (guest ? "guest " : "host ") + (reason.isEmpty() ? "shutdown" : reason);
    }
  }
}
