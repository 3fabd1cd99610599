package io.virtnode.node.domain;

import io.virtnode.node.qemu.Capabilities;
import io.virtnode.node.qemu.QemuCapability;
import io.virtnode.node.qemu.QemuOptions;

/** The -chardev option of a char device backend: file (appended), pipe, unix socket or pty. */
final class CharDeviceArgs {
  private CharDeviceArgs() {}

  static QemuOptions chardev(String id, CharBackendSpec backend, Capabilities caps) throws PlanException {
    switch (backend.kind()) {
      case FILE:
        if (!caps.has(QemuCapability.CHARDEV_FILE_APPEND)) {
          throw new PlanException("UnsupportedByQemu", "QEMU " + caps.binary() + " cannot append to chardev files"
              + " (CHARDEV_FILE_APPEND) and would truncate " + backend.path() + ": use a pty or unix backend");
        }
        return QemuOptions.of("file").add("id", id).add("path", backend.path().toString()).add("append", true);
      case PIPE:
        return QemuOptions.of("pipe").add("id", id).add("path", backend.path().toString());
      case UNIX:
        QemuOptions socket = QemuOptions.of("socket").add("id", id).add("path", backend.path().toString())
            .add("server", backend.server());
        return backend.server() ? socket.add("wait", false) : socket;
      case PTY:
        return QemuOptions.of("pty").add("id", id);
      default:
        throw new PlanException("InvalidCharBackend", "unknown char backend " + backend.kind());
    }
  }
}
