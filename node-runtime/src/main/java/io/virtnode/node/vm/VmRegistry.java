package io.virtnode.node.vm;

import io.virtnode.node.qemu.QemuProcess;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live VMs of this agent: QEMUs with a monitor session, QEMUs that live without a usable monitor
 * (never started twice, only stopped by signal), and the last exit nobody asked for. Keyed by uid.
 */
final class VmRegistry {
  private final Map<String, VmHandle> handles = new ConcurrentHashMap<>();
  private final Map<String, ExitInfo> exits = new ConcurrentHashMap<>();
  private final Map<String, QemuProcess> unreachable = new ConcurrentHashMap<>();
  /** Set once the agent kills its VMs on the way out: no start may begin after that. */
  private volatile boolean closing;

  Optional<VmHandle> handle(String uid) { return Optional.ofNullable(handles.get(uid)); }

  void add(VmHandle h) { handles.put(h.id.uid(), h); }

  /** Removes exactly this handle; false when another (or none) is registered. */
  boolean remove(VmHandle h) { return handles.remove(h.id.uid(), h); }

  List<VmHandle> all() { return List.copyOf(handles.values()); }

  /** Keeps track of a QEMU the agent could not connect to or kill, so it is never started twice. */
  void lose(String uid, QemuProcess qemu) { unreachable.put(uid, qemu); }

  Optional<QemuProcess> unreachable(String uid) { return Optional.ofNullable(unreachable.get(uid)); }

  void found(String uid) { unreachable.remove(uid); }

  void exited(String uid, Instant at, String reason) { exits.put(uid, new ExitInfo(at, reason)); }

  ExitInfo lastExit(String uid) { return exits.get(uid); }

  void clearExit(String uid) { exits.remove(uid); }

  boolean closing() { return closing; }

  void markClosing() { closing = true; }

  /** The VM identity a live QEMU of this uid was started or reconnected for, if any. */
  Optional<VmIdentity> liveIdentity(String uid) { return handle(uid).map(h -> h.id); }

  /** Closes every monitor session; the QEMUs keep running. */
  void closeAll() {
    handles.values().forEach(h -> h.monitor.close());
    handles.clear();
  }
}
