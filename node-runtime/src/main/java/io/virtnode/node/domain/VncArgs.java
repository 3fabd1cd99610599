package io.virtnode.node.domain;

import io.virtnode.node.qemu.QemuArgv;
import io.virtnode.node.qemu.QemuCapability;
import io.virtnode.node.qemu.QemuOptions;

/** The -vnc option: a TCP display on the port the agent reserved, or a unix socket in the runtime dir. */
final class VncArgs {
  static final int BASE_PORT = 5900;

  private VncArgs() {}

  /** Appends -vnc and returns the endpoint: "listen:port" or "unix:path". */
  static String append(QemuArgv argv, VncSpec vnc, PlanContext ctx, boolean audio) throws PlanException {
    SpecChecks.require(ctx.capabilities(), QemuCapability.VNC, "VNC");
    QemuOptions options;
    String endpoint;
    if (vnc.unixSocket()) {
      String path = ctx.paths().vncSocket().toString();
      options = QemuOptions.of("unix:" + path);
      endpoint = "unix:" + path;
    } else {
      Integer port = ctx.vncPort();
      if (port == null) {
        throw new PlanException("VncPortMissing", "a TCP VNC display needs a reserved port in the plan context:"
            + " allocate one (5900-65535) or use a unix socket");
      }
      if (port < BASE_PORT || port > 65535) {
        throw new PlanException("VncPortOutOfRange", "VNC port " + port + " is outside 5900-65535: QEMU's display"
            + " number is port-5900");
      }
      String listen = ctx.vncListen() == null ? "127.0.0.1" : ctx.vncListen();
      if (SpecChecks.hasControl(listen) || listen.isBlank()) {
        throw new PlanException("InvalidVncListen", "VNC listen address '" + listen + "' is not an address");
      }
      String host = listen.contains(":") ? "[" + listen + "]" : listen;
      options = QemuOptions.of(host + ":" + (port - BASE_PORT));
      endpoint = host + ":" + port;
    }
    if (audio) {
      options.add("audiodev", DeviceIds.AUDIO);
    }
    argv.option("-vnc", options);
    return endpoint;
  }
}
