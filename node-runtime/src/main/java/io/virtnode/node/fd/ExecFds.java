package io.virtnode.node.fd;

import io.virtnode.node.domain.DiskFds;
import java.util.List;

/**
 * Descriptors QEMU inherits at exec. Java cannot hand fds to a child, so the child's shell re-opens the
 * agent's own open files through /proc/&lt;agent&gt;/fd/N as fds 3, 4, … ({@link DiskFds}) before it execs
 * QEMU: the very files the agent checked, whatever happens to the paths afterwards. The agent's copies
 * close with this object, once QEMU runs.
 */
public final class ExecFds implements AutoCloseable {
  private final List<OwnedFd> fds;

  ExecFds(List<OwnedFd> fds) {
    this.fds = List.copyOf(fds);
  }

  public List<OwnedFd> fds() { return fds; }

  /**
   * The shell redirections, e.g. {@code exec 3<>/proc/42/fd/17 4</proc/42/fd/18}, empty when there are no
   * fds; readOnly.get(i) opens the i-th for reading only.
   */
  public String redirections(long agentPid, List<Boolean> readOnly) {
    if (readOnly.size() != fds.size()) {
      throw new IllegalArgumentException(fds.size() + " fds but " + readOnly.size() + " access modes");
    }
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < fds.size(); i++) {
      script.append(i == 0 ? "exec" : "").append(' ').append(DiskFds.qemuFd(i))
          .append(readOnly.get(i) ? "<" : "<>").append("/proc/").append(agentPid).append("/fd/")
          .append(fds.get(i).fd());
    }
    return script.toString();
  }

  /** Closes the agent's copies. */
  @Override public void close() { fds.forEach(OwnedFd::close); }
}
