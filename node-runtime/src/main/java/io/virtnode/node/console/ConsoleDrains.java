package io.virtnode.node.console;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console drains of every VM on the node, from the agent settings' cap (consoleLogMaxBytes per file,
 * consoleLogFiles files): started before QEMU (which connects to their sockets), stopped once it is gone.
 */
public final class ConsoleDrains implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleDrains.class);
  private final long maxBytes;
  private final int files;
  private final int qemuUid;
  private final int qemuGid;
  private final Path madeDir;
  private final Map<String, List<ConsoleDrain>> byVm = new ConcurrentHashMap<>();

  public ConsoleDrains(long maxBytes, int files, int qemuUid, int qemuGid) {
    this(maxBytes, files, qemuUid, qemuGid, null);
  }

  /** As above, remembering in madeDir (the agent's state) which rotated files each log made. */
  public ConsoleDrains(long maxBytes, int files, int qemuUid, int qemuGid, Path madeDir) {
    this.madeDir = madeDir;
    this.maxBytes = maxBytes;
    this.files = files;
    this.qemuUid = qemuUid;
    this.qemuGid = qemuGid;
  }

  /** Serves each socket (key) into its log (value) for the VM; all or none. No-op when it drains already. */
  public synchronized void start(String uid, Map<Path, Path> socketToLog) throws IOException {
    if (byVm.containsKey(uid)) return;
    List<ConsoleDrain> started = new ArrayList<>();
    try {
      for (var e : socketToLog.entrySet()) {
        RotatingLog log = new RotatingLog(e.getValue(), maxBytes, files, madeDir);
        try {
          started.add(ConsoleDrain.start(e.getKey(), log, qemuUid, qemuGid));
        } catch (IOException | RuntimeException ex) {
          log.close();
          throw ex;
        }
      }
    } catch (IOException | RuntimeException e) {
      closeAll(uid, started);
      throw e;
    }
    byVm.put(uid, started);
  }

  /** Whether the VM's consoles are drained now. */
  public boolean draining(String uid) { return byVm.containsKey(uid); }

  /**
   * Waits (up to timeout in all) until QEMU connected to every drain of the VM, so that nothing the guest
   * prints once its CPUs run is dropped (QEMU discards output while its socket is unconnected); returns the
   * sockets still unconnected.
   */
  public List<Path> awaitConnected(String uid, java.time.Duration timeout) throws InterruptedException {
    List<ConsoleDrain> drains = byVm.getOrDefault(uid, List.of());
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Path> missing = new ArrayList<>();
    for (ConsoleDrain d : drains) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!d.awaitConnection(java.time.Duration.ofNanos(left))) missing.add(d.socket());
    }
    return missing;
  }

  /** Stops the VM's drains (its QEMU is gone): logs closed, sockets removed. Errors are logged. */
  public synchronized void stop(String uid) {
    List<ConsoleDrain> drains = byVm.remove(uid);
    if (drains != null) closeAll(uid, drains);
  }

  private static void closeAll(String uid, List<ConsoleDrain> drains) {
    for (ConsoleDrain d : drains) {
      try {
        d.close();
      } catch (IOException e) {
        LOG.warn("VM {}: closing console drain {}: {}", uid, d.socket(), e.getMessage());
      }
    }
  }

  @Override
  public synchronized void close() {
    List.copyOf(byVm.keySet()).forEach(this::stop);
  }
}
