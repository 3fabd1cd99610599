package io.virtnode.node.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A QEMU process we started, now or before an agent restart. Identity is pid plus the kernel's start time,
 * so a recycled pid is never mistaken for our QEMU.
 */
public final class QemuProcess {
  private final long pid;
  private final long startTicks;
  private final Process child;

  private QemuProcess(long pid, long startTicks, Process child) {
    this.pid = pid;
    this.startTicks = startTicks;
    this.child = child;
  }

  /** Wraps a process this JVM spawned. */
  public static QemuProcess ofChild(Process child) {
    long ticks = startTicks(child.pid()).orElse(0);
    return new QemuProcess(child.pid(), ticks, child);
  }

  /** Finds a process started earlier; empty when it is gone or the pid now belongs to another process. */
  public static Optional<QemuProcess> adopt(long pid, long expectedStartTicks) {
    OptionalLong ticks = startTicks(pid);
    if (ticks.isEmpty() || ticks.getAsLong() != expectedStartTicks || isZombie(pid)) return Optional.empty();
    return Optional.of(new QemuProcess(pid, expectedStartTicks, null));
  }

  public long pid() { return pid; }

  public long startTicks() { return startTicks; }

  /** Alive and still the same process (not a zombie, not a reused pid). */
  public boolean isAlive() {
    if (child != null) return child.isAlive();
    OptionalLong ticks = startTicks(pid);
    return ticks.isPresent() && ticks.getAsLong() == startTicks && !isZombie(pid);
  }

  /** Completes when the process has exited. */
  public CompletableFuture<Void> onExit() {
    if (child != null) return child.onExit().thenAccept(p -> { });
    return ProcessHandle.of(pid).map(h -> h.onExit().thenAccept(p -> { }))
        .orElseGet(() -> CompletableFuture.completedFuture(null));
  }

  /** Exit description when known: only for a child of this JVM. */
  public Optional<String> exitDescription() {
    if (child == null || child.isAlive()) return Optional.empty();
    int code = child.exitValue();
    return Optional.of(code > 128 ? "killed by signal " + (code - 128) : "exited with status " + code);
  }

  /** SIGTERM: QEMU shuts down cleanly (SHUTDOWN reason host-signal). */
  public void terminate() {
    if (isAlive()) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
  }

  /** SIGKILL, the last resort after a graceful stop timed out. */
  public void kill() {
    if (isAlive()) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
  }

  /** Start time of pid in clock ticks since boot (field 22 of /proc/PID/stat). */
  public static OptionalLong startTicks(long pid) {
    return statField(pid, 22).map(Long::parseLong).map(OptionalLong::of).orElse(OptionalLong.empty());
  }

  private static boolean isZombie(long pid) {
    return statField(pid, 3).map(s -> s.equals("Z") || s.equals("X")).orElse(true);
  }

  private static Optional<String> statField(long pid, int field) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // comm (field 2) may contain spaces and parentheses: fields after it start past the last ')'.
      String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return field == 1 ? Optional.of(Long.toString(pid)) : Optional.of(rest[field - 3]);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override public String toString() { return "qemu[pid=" + pid + "]"; }
}
