package io.virtnode.operator.plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The local VNC viewers the plugin knows, found on PATH, and the argv each takes for an endpoint. */
final class VncViewers {
  /** Viewers in order of preference. */
  static final List<String> KNOWN = List.of("vncviewer", "remote-viewer", "gvncviewer");

  private VncViewers() {
  }

  /** The first known viewer on {@code path} (a PATH-style list), if any. */
  static Optional<Path> find(String path) {
    if (path == null) return Optional.empty();
    for (String viewer : KNOWN) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (dir.isEmpty()) continue;
        Path candidate = Path.of(dir, viewer);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The viewer's argv for an endpoint as status.vnc.endpoint gives it: {@code host:port} or {@code unix:PATH}.
   * TigerVNC's vncviewer takes {@code host::port} or a socket path, remote-viewer a {@code vnc://} URI,
   * gvncviewer {@code host:display}.
   */
  static List<String> argv(Path viewer, String endpoint) {
    String name = viewer.getFileName().toString();
    if (endpoint.startsWith("unix:")) {
      String socket = endpoint.substring("unix:".length());
      return switch (name) {
        case "remote-viewer" -> List.of(viewer.toString(), "vnc+unix://" + socket);
        case "gvncviewer" -> throw new PluginException("gvncviewer cannot open a unix socket (" + socket
            + "); install vncviewer or remote-viewer");
        default -> List.of(viewer.toString(), socket);
      };
    }
    int colon = endpoint.lastIndexOf(':');
    if (colon < 0) throw new PluginException("cannot read the VNC endpoint \"" + endpoint + "\" (expected host:port)");
    String host = endpoint.substring(0, colon);
    int port = Integer.parseInt(endpoint.substring(colon + 1));
    return switch (name) {
      case "remote-viewer" -> List.of(viewer.toString(), "vnc://" + host + ":" + port);
      case "gvncviewer" -> List.of(viewer.toString(), host + ":" + (port - 5900));
      default -> List.of(viewer.toString(), host + "::" + port);
    };
  }
}
