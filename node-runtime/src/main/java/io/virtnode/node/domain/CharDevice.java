package io.virtnode.node.domain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.node.qemu.Capabilities;
import io.virtnode.node.qemu.Qmp;
import io.virtnode.node.qemu.QemuOptions;
import java.nio.file.Path;

/**
 * A char device: its host backend (chardev id chr-KIND-NAME) and its guest frontend (isa-serial,
 * isa-parallel, virtconsole or virtserialport). Rendered as -chardev/-device at start; the backend also
 * as chardev-add arguments and the frontend as device_add, for virtio-serial channels plugged live later.
 * A File backend never reaches QEMU as a file: QEMU connects as a client (reconnecting every second) to
 * drainSocket, which the agent serves and writes into the capped log at the backend's path.
 *
 * @param drainSocket the agent's socket of a File backend ({@link RuntimePaths#consoleSocket}); null otherwise
 */
public record CharDevice(String chardevId, CharBackendSpec backend, DeviceProps frontend, Path drainSocket) {
  /** Seconds between QEMU's attempts to reach a console drain (e.g. while the agent restarts). */
  static final long DRAIN_RECONNECT_SECONDS = 1;

  public CharDevice {
    if (backend.kind() == CharBackendSpec.Kind.FILE && drainSocket == null) {
      throw new IllegalArgumentException("chardev " + chardevId + ": a File backend is drained by the agent and"
          + " needs its drain socket");
    }
  }

  /** A device whose backend QEMU opens itself (any kind but File). */
  public CharDevice(String chardevId, CharBackendSpec backend, DeviceProps frontend) {
    this(chardevId, backend, frontend, null);
  }

  /** The -chardev value. */
  public QemuOptions chardevOption(Capabilities caps) throws PlanException {
    return switch (backend.kind()) {
      case FILE -> QemuOptions.of("socket").add("id", chardevId).add("path", drainSocket.toString())
          .add("server", false).add("reconnect", DRAIN_RECONNECT_SECONDS);
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
        data.putObject("addr").put("type", "unix").putObject("data").put("path", drainSocket.toString());
        data.put("server", false).put("reconnect", DRAIN_RECONNECT_SECONDS);
        yield "socket";
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
