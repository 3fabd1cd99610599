package io.virtnode.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtnode.node.console.ConsoleDrains;
import io.virtnode.node.domain.CharBackendSpec.Kind;
import io.virtnode.node.domain.DiskSpec.DiskBus;
import io.virtnode.node.domain.DiskSpec.DiskFormat;
import io.virtnode.node.domain.ScsiControllerSpec.Model;
import io.virtnode.node.qemu.Capabilities;
import io.virtnode.node.testing.HostTools;
import io.virtnode.node.testing.MiniQmpClient;
import io.virtnode.node.storage.DiskChains;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real QEMU 7.2 with planned command lines: QEMU must accept them (host tier). */
class PlannedArgvRunsOnQemuTest {
  private static final long MIB = 1024 * 1024;

  @TempDir Path tmp;

  @Test
  void pcWithEveryBusChardevsAndTcpVncIsAccepted() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("vm,1"));
    Specs s = Specs.vm().controller(Model.LSI);
    s.disks.add(new DiskSpec("root", image("root.raw", "raw"), false, DiskFormat.RAW, DiskBus.VIRTIO, false));
    s.disks.add(new DiskSpec("data", image("data.qcow2", "qcow2"), false, DiskFormat.QCOW2, DiskBus.SCSI, false));
    s.disks.add(new DiskSpec("legacy", image("legacy.raw", "raw"), false, DiskFormat.RAW, DiskBus.SATA, false));
    s.serials.add(new CharDeviceSpec("ttyS0", new CharBackendSpec(Kind.FILE, run.resolve("serial.log"), false)));
    s.parallels.add(new CharDeviceSpec("lp0", new CharBackendSpec(Kind.PTY, null, false)));
    s.consoles.add(new CharDeviceSpec("hvc0", new CharBackendSpec(Kind.PTY, null, false)));
    s.channels.add(new ChannelSpec("org.qemu.guest_agent.0", null,
        new CharBackendSpec(Kind.UNIX, run.resolve("agent.sock"), true)));
    s.vnc = new VncSpec(false);
    int port = freeVncPort();
    PlanContext ctx = new PlanContext(new RuntimePaths(run), caps(), port, "127.0.0.1", false, AddressBook.EMPTY);

    DomainSpec spec = s.build();
    int uid = (Integer) Files.getAttribute(run, "unix:uid");
    JsonNode vnc;
    try (ConsoleDrains drains = new ConsoleDrains(4096, 2, uid, (Integer) Files.getAttribute(run, "unix:gid"))) {
      drains.start("vm", ConsoleFiles.socketsToLogs(spec, ctx.paths()));
      vnc = startAndQuery(new DomainPlanner().plan(spec, ctx), run, run.resolve("serial.log"),
          run.resolve("agent.sock"));
      assertThat(drains.awaitConnected("vm", Duration.ofSeconds(30))).as("QEMU reached the serial's drain")
          .isEmpty();
    }

    assertThat(vnc.path("service").asText()).isEqualTo(Integer.toString(port));
  }

  @Test
  void q35WithWideScsiSataReadOnlyQcow2PipeChannelAndUnixVncIsAccepted() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("vm2"));
    Specs s = Specs.vm().machine("q35").controller(Model.VIRTIO_SCSI);
    s.disks.add(new DiskSpec("base", image("base.qcow2", "qcow2"), false, DiskFormat.QCOW2, DiskBus.VIRTIO, true));
    s.disks.add(new DiskSpec("s0", image("s0.raw", "raw"), false, DiskFormat.RAW, DiskBus.SCSI, false));
    s.disks.add(new DiskSpec("sata", image("sata.raw", "raw"), false, DiskFormat.RAW, DiskBus.SATA, false));
    Path fifo = run.resolve("chan");
    assertThat(new ProcessBuilder("mkfifo", fifo + ".in", fifo + ".out").start().waitFor()).isZero();
    s.channels.add(new ChannelSpec("com.example.pipe", 7, new CharBackendSpec(Kind.PIPE, fifo, false)));
    s.vnc = new VncSpec(true);
    PlanContext ctx = new PlanContext(new RuntimePaths(run), caps(), null, null, true, AddressBook.EMPTY);

    JsonNode vnc = startAndQuery(new DomainPlanner().plan(s.build(), ctx), run, run.resolve("vnc.sock"));

    assertThat(vnc.path("enabled").asBoolean()).isTrue();
  }

  /** Starts QEMU, checks it stays up in prelaunch with its files, returns query-vnc, then kills it. */
  private JsonNode startAndQuery(DomainPlan plan, Path run, Path... whileRunning) throws Exception {
    Path log = run.resolve("qemu.log");
    Process qemu = new ProcessBuilder(plan.argv()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Path qmp = new RuntimePaths(run).qmpSocket();
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
          .until(() -> Files.exists(qmp) || !qemu.isAlive());
      assertThat(qemu.isAlive()).as("QEMU rejected %s: %s", plan.argv(), Files.readString(log)).isTrue();
      try (MiniQmpClient client = MiniQmpClient.connect(qmp, qemu::isAlive, Duration.ofSeconds(10))) {
        assertThat(client.execute("query-status", null).path("status").asText()).isEqualTo("prelaunch");
        assertThat(Files.readString(new RuntimePaths(run).pidFile()).trim()).isEqualTo(Long.toString(qemu.pid()));
        for (Path path : whileRunning) {
          assertThat(path).exists();
        }
        assertThat(qemu.isAlive()).isTrue();
        return client.execute("query-vnc", null);
      }
    } finally {
      qemu.destroy();
      if (!qemu.waitFor(10, TimeUnit.SECONDS)) {
        qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private Path image(String name, String format) throws Exception {
    Path path = tmp.resolve(name);
    new DiskChains(HostTools.qemuImg().toString(), Duration.ofSeconds(30)).create(path, format, 16 * MIB);
    return path;
  }

  private static Capabilities caps() {
    Capabilities tcg = Specs.tcg();
    return new Capabilities(HostTools.qemu().toString(), tcg.version(), tcg.flags());
  }

  private static int freeVncPort() throws IOException {
    for (int port = 5990; port < 6100; port++) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException busy) {
        // try the next one
      }
    }
    throw new IOException("no free port in 5990-6099 for VNC");
  }
}
