package io.virtnode.node.vm;

import io.virtnode.node.state.JobBusyException;
import io.virtnode.node.state.JobKind;
import io.virtnode.node.state.JobLock;
import java.io.IOException;
import java.time.Duration;

/** Takes a VM's job for a change, waiting a bounded time for the job that holds it. */
final class VmJobs {
  /** How long a change waits for the VM's current job before reporting busy. */
  static final Duration WAIT = Duration.ofSeconds(2);
  private final JobLock lock;

  VmJobs(JobLock lock) { this.lock = lock; }

  JobLock.Job take(VmIdentity id, JobKind kind) throws VmBusyException, IOException {
    try {
      return lock.acquire(new JobLock.VmOwner(id.uid(), id.namespace(), id.name()), kind, WAIT);
    } catch (JobBusyException e) {
      throw new VmBusyException(e);
    }
  }

  /** The held job, for callers that hold it across several calls (e.g. a migration target). */
  JobLock lock() { return lock; }
}
