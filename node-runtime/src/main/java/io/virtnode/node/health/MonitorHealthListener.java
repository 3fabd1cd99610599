package io.virtnode.node.health;

/** Told when a watched monitor stops answering or answers again; called on a watchdog thread, must not block. */
public interface MonitorHealthListener {
  void unresponsive(String uid, MonitorHealth health);

  void recovered(String uid, MonitorHealth health);
}
