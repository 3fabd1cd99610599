package io.virtnode.node.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Spawns real processes (sleep, sh) through QemuLauncher; QEMU itself is not needed. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QemuLauncherTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final QemuLauncher launcher = new QemuLauncher();
  private final List<QemuProcess> started = new ArrayList<>();

  @AfterEach
  void killEverythingWeStarted() {
    for (QemuProcess p : started) {
      p.kill();
      ProcessHandle.of(p.pid()).ifPresent(h -> {
        if (h.isAlive() && QemuProcess.startTicks(p.pid()).orElse(-1) == p.startTicks()) h.destroyForcibly();
      });
    }
    for (QemuProcess p : started) {
      await().atMost(PATIENCE).until(() -> !p.isAlive());
    }
  }

  private QemuProcess spawn(String... argv) throws IOException {
    return spawn(dir.resolve("qemu.log"), argv);
  }

  private QemuProcess spawn(Path log, String... argv) throws IOException {
    QemuProcess p = launcher.spawn(List.of(argv), log);
    started.add(p);
    return p;
  }

  private QemuProcess sleeper() throws IOException {
    QemuProcess p = spawn("/bin/sleep", "300");
    // setsid execs sleep in the same pid: wait for that exec to have happened.
    await().atMost(PATIENCE).until(() -> cmdline(p.pid()).equals(List.of("/bin/sleep", "300")));
    return p;
  }

  @Test
  void thePidIsTheProgramItselfNotAWrapper() throws IOException {
    QemuProcess p = sleeper();

    assertThat(p.isAlive()).isTrue();
    assertThat(cmdline(p.pid())).containsExactly("/bin/sleep", "300");
    assertThat(p.startTicks()).isPositive().isEqualTo(QemuProcess.startTicks(p.pid()).orElseThrow());
    assertThat(p.exitDescription()).isEmpty();
  }

  @Test
  void runsInItsOwnSessionAndProcessGroup() throws IOException {
    QemuProcess p = sleeper();
    List<String> stat = stat(p.pid());
    List<String> mine = stat(ProcessHandle.current().pid());

    assertThat(stat.get(5)).as("session id").isEqualTo(Long.toString(p.pid()));
    assertThat(stat.get(4)).as("process group").isEqualTo(Long.toString(p.pid()));
    // So a Ctrl-C (SIGINT to the agent's foreground process group) or a kill of the agent's group misses it.
    assertThat(stat.get(4)).isNotEqualTo(mine.get(4));
    assertThat(stat.get(5)).isNotEqualTo(mine.get(5));
    assertThat(stat.get(6)).as("controlling tty").isEqualTo("0");
  }

  @Test
  void stdinIsDevNull() throws IOException {
    QemuProcess p = sleeper();
    assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "fd", "0")))
        .isEqualTo(Path.of("/dev/null"));

    // A reader of stdin sees end of file at once instead of hanging on the agent's stdin.
    Path log = dir.resolve("cat.log");
    QemuProcess cat = spawn(log, "/bin/sh", "-c", "cat; echo stdin-closed");
    cat.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(Files.readString(log)).isEqualTo("stdin-closed\n");
  }

  @Test
  void outputAndErrorsAreAppendedToTheLogAcrossSpawns() throws IOException {
    Path log = dir.resolve("vm.log");
    Files.writeString(log, "from an earlier agent\n");

    QemuProcess first = spawn(log, "/bin/sh", "-c", "echo hello");
    first.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    QemuProcess second = spawn(log, "/bin/sh", "-c", "echo hello; echo oops >&2");
    second.onExit().orTimeout(30, TimeUnit.SECONDS).join();

    assertThat(Files.readString(log, StandardCharsets.UTF_8))
        .isEqualTo("from an earlier agent\nhello\nhello\noops\n");
    assertThat(first.exitDescription()).contains("exited with status 0");
  }

  @Test
  void theAgentsJavaAndMavenEnvironmentIsNotPassedOn() throws IOException {
    Path log = dir.resolve("env.log");
    QemuProcess env = spawn(log, "/usr/bin/env");
    env.onExit().orTimeout(30, TimeUnit.SECONDS).join();

    List<String> lines = Files.readAllLines(log);
    assertThat(lines).isNotEmpty().noneMatch(l -> l.startsWith("JAVA_") || l.startsWith("MAVEN_"));
  }

  @Test
  void exitStatusIsDescribed() throws IOException {
    QemuProcess p = spawn("/bin/sh", "-c", "exit 3");
    p.onExit().orTimeout(30, TimeUnit.SECONDS).join();

    assertThat(p.isAlive()).isFalse();
    assertThat(p.exitDescription()).contains("exited with status 3");
  }

  @Test
  void adoptFindsTheProcessByPidAndStartTime() throws IOException {
    QemuProcess p = sleeper();

    Optional<QemuProcess> adopted = QemuProcess.adopt(p.pid(), p.startTicks());

    assertThat(adopted).isPresent();
    assertThat(adopted.get().pid()).isEqualTo(p.pid());
    assertThat(adopted.get().startTicks()).isEqualTo(p.startTicks());
    assertThat(adopted.get().isAlive()).isTrue();
    assertThat(adopted.get().onExit()).isNotDone();
    assertThat(adopted.get().exitDescription()).isEmpty(); // not our child: the status is unknown
  }

  @Test
  void adoptWithOtherStartTicksIsEmpty() throws IOException {
    QemuProcess p = sleeper();

    // The pid now belongs to a process that started at another time: not our QEMU.
    assertThat(QemuProcess.adopt(p.pid(), p.startTicks() + 1)).isEmpty();
    assertThat(QemuProcess.adopt(p.pid(), p.startTicks() - 1)).isEmpty();
    assertThat(QemuProcess.adopt(p.pid(), 0)).isEmpty();
    assertThat(p.isAlive()).isTrue();
  }

  @Test
  void adoptOfAGoneProcessIsEmpty() throws IOException {
    QemuProcess p = spawn("/bin/sh", "-c", "exit 0");
    p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    await().atMost(PATIENCE).until(() -> QemuProcess.startTicks(p.pid()).isEmpty()
        || QemuProcess.adopt(p.pid(), p.startTicks()).isEmpty());

    assertThat(QemuProcess.adopt(p.pid(), p.startTicks())).isEmpty();
  }

  @Test
  void killEndsItWithSignal9() throws IOException {
    QemuProcess p = sleeper();

    p.kill();

    p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    await().atMost(PATIENCE).until(() -> !p.isAlive());
    assertThat(p.exitDescription()).contains("killed by signal 9");
    assertThat(QemuProcess.adopt(p.pid(), p.startTicks())).isEmpty();
    p.kill(); // killing again is harmless
    p.terminate();
  }

  @Test
  void terminateSendsSigterm() throws IOException {
    QemuProcess p = sleeper();

    p.terminate();

    p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    await().atMost(PATIENCE).until(() -> !p.isAlive());
    assertThat(p.exitDescription()).contains("killed by signal 15");
  }

  @Test
  void anAdoptedProcessCanBeKilledAndItsExitObserved() throws IOException {
    QemuProcess child = sleeper();
    QemuProcess adopted = QemuProcess.adopt(child.pid(), child.startTicks()).orElseThrow();

    adopted.kill();

    adopted.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    await().atMost(PATIENCE).until(() -> !adopted.isAlive());
    child.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(child.exitDescription()).contains("killed by signal 9");
  }

  @Test
  void anAdoptedProcessCanBeTerminated() throws IOException {
    QemuProcess child = sleeper();
    QemuProcess adopted = QemuProcess.adopt(child.pid(), child.startTicks()).orElseThrow();

    adopted.terminate();

    adopted.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    await().atMost(PATIENCE).until(() -> !adopted.isAlive());
    child.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(child.exitDescription()).contains("killed by signal 15");
  }

  private static List<String> cmdline(long pid) {
    try {
      String raw = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
      if (raw.endsWith("\0")) raw = raw.substring(0, raw.length() - 1);
      return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Fields of /proc/PID/stat, 0-based: [0]=pid [1]=comm [2]=state [3]=ppid [4]=pgrp [5]=session [6]=tty. */
  private static List<String> stat(long pid) throws IOException {
    String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat")).trim();
    int close = s.lastIndexOf(')');
    List<String> fields = new ArrayList<>();
    fields.add(s.substring(0, s.indexOf(' ')));
    fields.add(s.substring(s.indexOf('(') + 1, close));
    fields.addAll(Arrays.asList(s.substring(close + 2).split(" ")));
    return fields;
  }
}
