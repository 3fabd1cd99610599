package io.virtnode.node.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.node.qemu.UnixQmpClient;
import io.virtnode.node.testing.HostTools;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog against real QEMUs: one stopped with SIGSTOP is reported, the other is not; SIGCONT recovers. */
class HungQemuWatchdogTest {
  @TempDir Path dir;
  private final List<Process> qemus = new CopyOnWriteArrayList<>();
  private final List<UnixQmpClient> clients = new CopyOnWriteArrayList<>();
  private final List<String> reports = new CopyOnWriteArrayList<>();

  @AfterEach void stop() throws Exception {
    clients.forEach(UnixQmpClient::close);
    for (Process p : qemus) {
      new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
      p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
  }

  private UnixQmpClient start(String name) throws Exception {
    Path sock = dir.resolve(name + ".sock");
    Process qemu = new ProcessBuilder(List.of(HostTools.qemu().toString(), "-machine", "none", "-S", "-nodefaults",
        "-no-user-config", "-display", "none", "-qmp", "unix:" + sock + ",server=on,wait=off"))
        .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    qemus.add(qemu);
    UnixQmpClient c = UnixQmpClient.connect(sock, qemu::isAlive, Duration.ofSeconds(30), Duration.ofSeconds(30));
    clients.add(c);
    return c;
  }

  @Test void aStoppedQemuIsUnresponsiveUntilItContinues() throws Exception {
    UnixQmpClient hung = start("hung");
    UnixQmpClient fine = start("fine");
    long hungPid = qemus.get(0).pid();
    try (MonitorWatchdog watchdog = new MonitorWatchdog(Duration.ofMillis(200), Duration.ofSeconds(1), Math::random,
        Clock.systemUTC(), new MonitorHealthListener() {
          @Override public void unresponsive(String uid, MonitorHealth h) { reports.add("down " + uid); }
          @Override public void recovered(String uid, MonitorHealth h) { reports.add("up " + uid); }
        })) {
      watchdog.watch("hung", hungPid, t -> hung.execute("query-status", null, t));
      watchdog.watch("fine", qemus.get(1).pid(), t -> fine.execute("query-status", null, t));

      new ProcessBuilder("kill", "-STOP", Long.toString(hungPid)).start().waitFor();
      await().atMost(Duration.ofSeconds(30)).until(() -> watchdog.isUnresponsive("hung"));
      assertThat(watchdog.health("hung").orElseThrow().pid()).isEqualTo(hungPid);
      assertThat(watchdog.isUnresponsive("fine")).isFalse();

      new ProcessBuilder("kill", "-CONT", Long.toString(hungPid)).start().waitFor();
      await().atMost(Duration.ofSeconds(30)).until(() -> !watchdog.isUnresponsive("hung"));
      assertThat(reports).containsExactly("down hung", "up hung");
      assertThat(hung.execute("query-status", null).path("status").asText()).isEqualTo("prelaunch");
    }
  }
}
