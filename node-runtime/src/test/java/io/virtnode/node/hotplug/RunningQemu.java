package io.virtnode.node.hotplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.node.console.ConsoleDrains;
import io.virtnode.node.domain.AddressBook;
import io.virtnode.node.domain.ConsoleFiles;
import io.virtnode.node.domain.DomainPlan;
import io.virtnode.node.domain.DomainPlanner;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.PlanContext;
import io.virtnode.node.domain.RuntimePaths;
import io.virtnode.node.qemu.Capabilities;
import io.virtnode.node.qemu.Qmp;
import io.virtnode.node.qemu.QemuCapability;
import io.virtnode.node.qemu.QmpSession;
import io.virtnode.node.qemu.UnixQmpClient;
import io.virtnode.node.testing.HostTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A QEMU started directly from a planned command line, running (cont), with a typed QMP session; its File
 * char devices drained into their files as the agent does.
 */
final class RunningQemu implements AutoCloseable {
  static final Capabilities CAPS = new Capabilities(HostTools.qemu().toString(), "7.2",
      EnumSet.complementOf(EnumSet.of(QemuCapability.KVM)));

  final DomainSpec spec;
  final DomainPlan plan;
  final Process process;
  final UnixQmpClient client;
  final QmpSession qmp;
  final Path log;
  private ConsoleDrains consoles;

  private RunningQemu(DomainSpec spec, DomainPlan plan, Process process, UnixQmpClient client, Path log) {
    this.spec = spec;
    this.plan = plan;
    this.process = process;
    this.client = client;
    this.qmp = new QmpSession(client, Duration.ofSeconds(30));
    this.log = log;
  }

  /** Plans spec, starts QEMU with extraArgs appended and resumes its CPUs. */
  static RunningQemu start(DomainSpec spec, Path runDir, List<String> extraArgs) throws Exception {
    Files.createDirectories(runDir);
    RuntimePaths paths = new RuntimePaths(runDir);
    DomainPlan plan = new DomainPlanner().plan(spec,
        new PlanContext(paths, CAPS, null, null, false, AddressBook.EMPTY));
    List<String> argv = new ArrayList<>(plan.argv());
    argv.addAll(extraArgs);
    Path log = runDir.resolve("qemu.log");
    int uid = (Integer) Files.getAttribute(runDir, "unix:uid");
    ConsoleDrains consoles = new ConsoleDrains(1L << 20, 2, uid, (Integer) Files.getAttribute(runDir, "unix:gid"));
    consoles.start(spec.uuid(), ConsoleFiles.socketsToLogs(spec, paths));
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
          .until(() -> Files.exists(paths.qmpSocket()) || !process.isAlive());
      assertThat(process.isAlive()).as("QEMU rejected %s: %s", argv, Files.readString(log)).isTrue();
      UnixQmpClient client = UnixQmpClient.connect(paths.qmpSocket(), process::isAlive, Duration.ofSeconds(60),
          Duration.ofSeconds(60));
      RunningQemu qemu = new RunningQemu(spec, plan, process, client, log);
      qemu.consoles = consoles;
      assertThat(consoles.awaitConnected(spec.uuid(), Duration.ofSeconds(60))).as("console drains unconnected")
          .isEmpty();
      qemu.qmp.run(new Qmp.Cont());
      return qemu;
    } catch (Exception | Error e) {
      process.destroyForcibly();
      consoles.close();
      throw e;
    }
  }

  /** How many of QEMU's open fds point at path (its /proc/PID/fd links). */
  long fdsOn(Path path) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(path);
        } catch (IOException gone) {
          return false;
        }
      }).count();
    }
  }

  @Override public void close() throws Exception {
    client.close();
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
    consoles.close();
  }
}
