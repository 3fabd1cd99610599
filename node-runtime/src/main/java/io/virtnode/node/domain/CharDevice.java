package io.virtnode.node.domain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.node.qemu.Capabilities;
import io.virtnode.node.qemu.Qmp;
import io.virtnode.node.qemu.QemuCapability;
import io.virtnode.node.qemu.QemuOptions;

/**
 * A char device: its host backend (chardev id chr-KIND-NAME) and its guest frontend (isa-serial,
 * isa-parallel, virtconsole or virtserialport). Rendered as -chardev/-device at start; the backend also
 * as chardev-add arguments and the frontend as device_add, for virtio-serial channels plugged live later.
 */
public record CharDevice(String chardevId, CharBackendSpec backend, DeviceProps frontend) {

  /** The -chardev value; refuses file backends QEMU would truncate. */
  public QemuOptions chardevOption(Capabilities caps) throws PlanException {
    return switch (backend.kind()) {
      case FILE -> {
        if (!caps.has(QemuCapability.CHARDEV_FILE_APPEND)) {
          throw new PlanException("UnsupportedByQemu", "QEMU " + caps.binary() + " cannot append to chardev"
              + " files (CHARDEV_FILE_APPEND) and would truncate " + backend.path() + ": use a pty or unix backend");
        }
        yield QemuOptions.of("file").add("id", chardevId).add("path", backend.path().toString()).add("append", true);
      }
      case PIPE -> QemuOptions.of("pipe").add("id", chardevId).add("path", backend.path().toString());
      case UNIX -> {
        QemuOptions socket = QemuOptions.of("socket").add("id", chardevId).add("path", backend.path().toString())
            .add("server", backend.server());
        yield backend.server() ? socket.add("wait", false) : socket;
      }
      case PTY -> QemuOptions.of("pty").add("id", chardevId);
    };
  }

  /** The chardev-add arguments of the backend (QAPI ChardevBackend). */
  public ObjectNode chardevAddArguments() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode data = json.objectNode();
    String type = switch (backend.kind()) {
      case FILE -> {
        data.put("out", backend.path().toString()).put("append", true);
        yield "file";
      }
      case PIPE -> {
        data.put("device", backend.path().toString());
        yield "pipe";
      }
      case UNIX -> {
        ObjectNode addr = data.putObject("addr").put("type", "unix");
        addr.putObject("data").put("path", backend.path().toString());
        data.put("server", backend.server());
        if (backend.server()) {
          data.put("wait", false);
        }
        yield "socket";
      }
      case PTY -> "pty";
    };
    ObjectNode args = json.objectNode().put("id", chardevId);
    args.putObject("backend").put("type", type).set("data", data);
    return args;
  }

  /** chardev-add of the backend, as a raw typed command (its reply names the pty, if any). */
  public Qmp.Raw chardevAdd() { return new Qmp.Raw("chardev-add", chardevAddArguments()); }

  /** device_add of the frontend. */
  public Qmp.DeviceAdd frontendAdd() { return new Qmp.DeviceAdd(frontend.json()); }
}
