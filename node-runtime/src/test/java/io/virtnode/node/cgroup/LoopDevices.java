package io.virtnode.node.cgroup;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Loop devices on 1 MiB files for host tests; a missing losetup or loop driver fails naming it. */
final class LoopDevices implements AutoCloseable {
  private final List<Path> devices = new ArrayList<>();

  /** Attaches a fresh loop device to a new 1 MiB file in {@code dir}. */
  Path create(Path dir) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/sbin/losetup")) && !Files.isExecutable(Path.of("/sbin/losetup"))) {
      fail("losetup is missing: install Debian package mount (util-linux)");
    }
    Path file = Files.createTempFile(dir, "disk", ".img");
    Files.write(file, new byte[1 << 20]);
    Run r = Run.of(List.of("losetup", "-f", "--show", file.toString()), null);
    if (r.exit() != 0) {
      fail("losetup -f --show " + file + " failed (loop driver / /dev/loop-control needed): " + r.output());
    }
    Path dev = Path.of(r.output().strip());
    devices.add(dev);
    return dev;
  }

  @Override
  public void close() throws Exception {
    for (Path dev : devices) {
      Run.of(List.of("losetup", "-d", dev.toString()), null);
    }
    devices.clear();
  }

  /** A finished process: exit status and combined output. */
  record Run(int exit, String output) {
    static Run of(List<String> argv, String stdin) throws IOException, InterruptedException {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("timed out: " + argv);
      }
      return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
