package io.virtnode.node.domain;

import java.nio.file.Path;

/** The files of one VM in its per-VM runtime directory. */
public record RuntimePaths(Path dir) {
  public Path qmpSocket() { return dir.resolve("monitor.sock"); }

  public Path pidFile() { return dir.resolve("qemu.pid"); }

  public Path vncSocket() { return dir.resolve("vnc.sock"); }
}
