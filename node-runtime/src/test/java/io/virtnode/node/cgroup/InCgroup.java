package io.virtnode.node.cgroup;

import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command inside a VM's cgroup through the manager under test: a shell is started, moved in with
 * {@link CgroupManager#addProcess}, and only then execs the command.
 */
final class InCgroup {
  private InCgroup() {}

  static LoopDevices.Run run(CgroupManager manager, String vmId, String command) throws Exception {
    Process p = new ProcessBuilder(List.of("/bin/sh", "-c", "read go; exec " + command))
        .redirectErrorStream(true).start();
    try {
      manager.addProcess(vmId, p.pid());
      p.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        fail("timed out in cgroup: " + command);
      }
      return new LoopDevices.Run(p.exitValue(),
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** dd reading one sector of a device. */
  static String readOneSector(java.nio.file.Path dev) {
    return "dd if=" + dev + " of=/dev/null bs=512 count=1";
  }
}
