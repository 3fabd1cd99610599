package io.virtnode.node.vm;

import io.virtnode.node.domain.DomainPlan;
import io.virtnode.node.domain.RuntimePaths;
import io.virtnode.node.qemu.QemuProcess;
import io.virtnode.node.state.RuntimeStore;
import io.virtnode.node.state.StateWriteException;
import io.virtnode.node.state.VmRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** What the steps of one start share: the request, the record as written so far, and what earlier steps made. */
public final class StartContext {
  private final RuntimeStore store;
  private final StartRequest request;
  private final RuntimePaths paths;
  private VmRecord record;
  /** Set by the port step. */
  Integer vncPort;
  /** Set by the plan step. */
  DomainPlan plan;
  /** Set by the cgroup step: the directories QEMU joins. */
  List<Path> cgroupDirs = List.of();
  /** Set by the QEMU step. */
  QemuProcess qemu;
  VmHandle handle;

  StartContext(RuntimeStore store, StartRequest request, RuntimePaths paths, VmRecord record) {
    this.store = store;
    this.request = request;
    this.paths = paths;
    this.record = record;
  }

  public StartRequest request() { return request; }

  public VmIdentity id() { return request.id(); }

  public RuntimePaths paths() { return paths; }

  public VmRecord record() { return record; }

  /**
   * Changes the record as it is on disk now (undo steps may have written it meanwhile) and writes it durably
   * before returning (fail closed).
   */
  public VmRecord update(UnaryOperator<VmRecord> change) throws StateWriteException {
    VmRecord current;
    try {
      current = store.load(record.uid()).orElse(record);
    } catch (java.io.IOException e) {
      throw new StateWriteException("cannot read the record of VM " + record.uid() + " to change it: "
          + e.getMessage(), e);
    }
    VmRecord next = change.apply(current);
    store.save(next);
    record = next;
    return next;
  }
}
