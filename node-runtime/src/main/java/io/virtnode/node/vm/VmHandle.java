package io.virtnode.node.vm;

import io.virtnode.node.qemu.QemuProcess;
import io.virtnode.node.qemu.QmpClient;
import io.virtnode.node.qemu.QmpEvent;
import io.virtnode.node.qemu.QmpSession;

/** A live QEMU of a VM with its monitor session, and the last SHUTDOWN reason it reported. */
final class VmHandle {
  final VmIdentity id;
  final QemuProcess process;
  final QmpClient monitor;
  volatile String shutdownReason;
  private QmpSession session;
  private final java.util.Map<String, io.virtnode.node.qemu.BlockIoError> diskErrors =
      new java.util.concurrent.ConcurrentHashMap<>();

  VmHandle(VmIdentity id, QemuProcess process, QmpClient monitor) {
    this.id = id;
    this.process = process;
    this.monitor = monitor;
  }

  /** The typed session over the monitor (one event router per monitor), made on first use. */
  synchronized QmpSession session(java.time.Duration timeout) {
    if (session == null) session = new QmpSession(monitor, timeout);
    return session;
  }

  /** Keeps the latest I/O error per block node. */
  void diskError(io.virtnode.node.qemu.BlockIoError e) {
    diskErrors.put(e.nodeName().isEmpty() ? e.device() : e.nodeName(), e);
  }

  void clearDiskErrors() { diskErrors.clear(); }

  java.util.List<io.virtnode.node.qemu.BlockIoError> diskErrors() { return java.util.List.copyOf(diskErrors.values()); }

  void onEvent(QmpEvent event) {
    if ("SHUTDOWN".equals(event.name())) {
      var data = event.data();
      boolean guest = data != null && data.path("guest").asBoolean(false);
      String reason = data == null ? "" : data.path("reason").asText("");
      shutdownReason = (guest ? "guest " : "host ") + (reason.isEmpty() ? "shutdown" : reason);
    }
  }
}
