package io.virtnode.node.qemu;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Spawns QEMU so that it outlives the agent: in its own session (so a Ctrl-C or SIGTERM to the agent's
 * process group never reaches it), stdin from /dev/null and output appended to its log file.
 */
public class QemuLauncher {
  private static final String SETSID = "/usr/bin/setsid";

  /** Starts argv; the process is QEMU itself (setsid execs it), so its pid is QEMU's. */
  public QemuProcess spawn(List<String> argv, Path logFile) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(SETSID);
    cmd.addAll(argv);
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("JAVA_") || k.startsWith("MAVEN_"));
    return QemuProcess.ofChild(pb.start());
  }
}
