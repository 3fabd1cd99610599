package io.virtnode.node.vm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Host-side settings of the VM runtime.
 *
 * @param stateDir root of runtime records, QEMU logs and caches (only the agent reads it)
 * @param runDir parent of the per-VM runtime directories (monitor socket, pidfile), which QEMU's user must
 *     be able to reach
 * @param allowedStorageRoots disks and char-device files must lie under one of these
 * @param vncListen address VNC servers listen on
 * @param vncAllowHostAudio let QEMU use the host's audio; off by default
 * @param stopGracePeriod time a guest gets to power down before QEMU is told to quit
 * @param qmpTimeout per-command monitor timeout
 * @param startTimeout exec → monitor answering
 * @param consoleLogMaxBytes size cap of each console log the agent writes for a File char device
 * @param consoleLogFiles console log files kept per device: the current one and consoleLogFiles-1 rotated
 */
public record RuntimeSettings(Path stateDir, Path runDir, List<Path> allowedStorageRoots, String vncListen,
    boolean vncAllowHostAudio, Duration stopGracePeriod, Duration qmpTimeout, Duration startTimeout,
    long consoleLogMaxBytes, int consoleLogFiles) {

  /** Settings with the default console cap (1 MiB, 2 files). */
  public RuntimeSettings(Path stateDir, Path runDir, List<Path> allowedStorageRoots, String vncListen,
      boolean vncAllowHostAudio, Duration stopGracePeriod, Duration qmpTimeout, Duration startTimeout) {
    this(stateDir, runDir, allowedStorageRoots, vncListen, vncAllowHostAudio, stopGracePeriod, qmpTimeout,
        startTimeout, 1L << 20, 2);
  }
}
