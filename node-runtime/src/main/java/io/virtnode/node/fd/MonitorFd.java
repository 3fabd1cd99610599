package io.virtnode.node.fd;

import io.virtnode.node.qemu.Qmp;
import io.virtnode.node.qemu.QmpException;
import io.virtnode.node.qemu.QmpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A descriptor QEMU holds because the agent sent it over the monitor. {@link #release} takes it back from
 * QEMU ({@code remove-fd} or {@code closefd}); {@link #close} does the same and logs instead of throwing.
 */
public sealed interface MonitorFd extends AutoCloseable {

  /** Takes the descriptor back from QEMU. */
  void release() throws QmpException;

  /** How QEMU options refer to it: "/dev/fdset/N" for an fdset, the name for a named fd. */
  String reference();

  @Override default void close() {
    try {
      release();
    } catch (QmpException e) {
      LoggerFactory.getLogger(MonitorFd.class).warn("giving back {} from QEMU failed: {}", reference(),
          e.getMessage());
    }
  }

  /**
   * An fd in an fdset (add-fd), for things QEMU opens by path: disks, save files. QEMU frees the set once the
   * fd is removed and no node still uses a dup of it. QEMU 7.2 closes a removed fd only while the VM runs
   * (monitor_fdset_cleanup checks runstate_is_running, to keep fds for an incoming migration): on a paused
   * VM it stays listed in query-fdsets as removed-but-open until a later cleanup while running.
   */
  record InFdset(QmpSession qmp, int fdsetId, int qemuFd, String opaque) implements MonitorFd {
    @Override public void release() throws QmpException {
      qmp.run(new Qmp.RemoveFd(fdsetId, qemuFd));
    }

    @Override public String reference() { return "/dev/fdset/" + fdsetId; }
  }

  /** A named fd (getfd), for netdev tap fd=, vfio and migrate fd: URIs. */
  record Named(QmpSession qmp, String name) implements MonitorFd {
    private static final Logger LOG = LoggerFactory.getLogger(Named.class);

    @Override public void release() throws QmpException {
      try {
        qmp.run(new Qmp.CloseFd(name));
      } catch (QmpException.ErrorReply e) {
        // QEMU closes a named fd itself once a netdev or migration consumed it
        LOG.debug("closefd {}: {}", name, e.getMessage());
      }
    }

    @Override public String reference() { return name; }
  }
}
