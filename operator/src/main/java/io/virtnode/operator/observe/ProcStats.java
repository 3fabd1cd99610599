package io.virtnode.operator.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/** CPU time and resident memory of a process from /proc (root injected for tests). */
public final class ProcStats {
  /** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this runs on (USER_HZ). */
  private static final double TICKS_PER_SECOND = 100.0;
  private final Path proc;

  public ProcStats(Path proc) {
    this.proc = proc;
  }

  /** utime + stime in seconds, or empty when the process is gone. */
  public OptionalDouble cpuSeconds(long pid) {
    try {
      String stat = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"));
      // fields after the parenthesised command name, which may itself hold spaces and parentheses
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalDouble.of((Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
  }

  /** VmRSS in bytes, or empty when the process is gone. */
  public OptionalDouble residentBytes(long pid) {
    try {
      for (String line : Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalDouble.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0);
        }
      }
      return OptionalDouble.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
  }
}
