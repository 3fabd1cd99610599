package io.virtnode.node.migration;

import io.virtnode.node.qemu.UnixQmpClient;
import io.virtnode.node.testing.HostTools;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Small real QEMUs (pc, TCG, 64 MiB, CPUs stopped) with a connected monitor each; close() ends them all. */
final class Qemus implements AutoCloseable {
  private final Path dir;
  final List<Process> processes = new CopyOnWriteArrayList<>();
  private final List<UnixQmpClient> clients = new CopyOnWriteArrayList<>();

  Qemus(Path dir) {
    this.dir = dir;
  }

  /** Starts QEMU named name with extra arguments and returns its monitor. */
  UnixQmpClient start(String name, String... extra) throws Exception {
    Path sock = dir.resolve(name + ".sock");
    List<String> argv = new ArrayList<>(List.of(HostTools.qemu().toString(), "-machine", "pc", "-accel", "tcg",
        "-m", "64", "-S", "-nodefaults", "-no-user-config", "-display", "none",
        "-qmp", "unix:" + sock + ",server=on,wait=off"));
    argv.addAll(List.of(extra));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
    processes.add(p);
    UnixQmpClient c = UnixQmpClient.connect(sock, p::isAlive, Duration.ofSeconds(30), Duration.ofSeconds(30));
    clients.add(c);
    return c;
  }

  static String status(UnixQmpClient c) throws Exception {
    return c.execute("query-status", null).path("status").asText();
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override public void close() throws Exception {
    clients.forEach(UnixQmpClient::close);
    for (Process p : processes) p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
  }
}
