package io.virtnode.node.state;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One job per VM at a time, its phase persisted in the VM's record before the job acts, so an agent restarted
 * mid-job finds it there (and resumes or rolls it back). Read-only monitor use never takes the lock.
 */
public final class JobLock {
  private final RuntimeStore store;
  private final Clock clock;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    volatile JobKind kind;
    volatile Instant since;
  }

  public JobLock(RuntimeStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Takes the VM for a job, waiting up to timeout for the one holding it, and records the job (phase
   * "begun") in the record, creating a fresh record for owner when none exists.
   */
  public Job acquire(VmOwner owner, JobKind kind, Duration timeout) throws JobBusyException, IOException {
    Slot slot = slots.computeIfAbsent(owner.uid(), u -> new Slot());
    boolean got;
    try {
      got = slot.lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      got = false;
    }
    if (!got) {
      JobKind holder = slot.kind;
      Instant since = slot.since;
      throw new JobBusyException(owner.displayName(), kind, holder == null ? kind : holder,
          since == null ? clock.instant() : since);
    }
    if (slot.lock.getHoldCount() > 1) { // a job already held by this thread: nested steps share it
      return new Job(this, owner.uid(), slot, slot.kind, true);
    }
    try {
      slot.kind = kind;
      slot.since = clock.instant();
      VmRecord rec = store.load(owner.uid()).orElse(VmRecord.fresh(owner.uid(), owner.namespace(), owner.name()));
      store.save(rec.withJob(new JobRecord(kind, "begun", slot.since.toEpochMilli())));
      return new Job(this, owner.uid(), slot, kind, false);
    } catch (IOException | RuntimeException e) {
      slot.kind = null;
      slot.lock.unlock();
      throw e;
    }
  }

  /** The job holding the VM right now, or null. */
  public JobKind holder(String uid) {
    Slot s = slots.get(uid);
    return s == null || !s.lock.isLocked() ? null : s.kind;
  }

  /** Who a job is for. */
  public record VmOwner(String uid, String namespace, String name) {
    public String displayName() { return namespace + "/" + name; }
  }

  /** A held job: record its phase as it goes; close ends it (and clears it from the record). */
  public static final class Job implements AutoCloseable {
    private final JobLock owner;
    private final String uid;
    private final Slot slot;
    private final JobKind kind;
    private final boolean nested;

    private Job(JobLock owner, String uid, Slot slot, JobKind kind, boolean nested) {
      this.owner = owner;
      this.uid = uid;
      this.slot = slot;
      this.kind = kind;
      this.nested = nested;
    }

    public JobKind kind() { return kind; }

    /** Persists the phase reached, before the step that follows acts. */
    public void phase(String phase) throws IOException {
      var rec = owner.store.load(uid);
      if (rec.isPresent() && rec.get().job() != null) owner.store.save(rec.get().withJob(rec.get().job().withPhase(phase)));
    }

    /** Ends the job: cleared from the record (if the record still exists), the VM free for the next. */
    @Override public void close() throws IOException {
      try {
        if (!nested) {
          var rec = owner.store.load(uid);
          if (rec.isPresent() && rec.get().job() != null) owner.store.save(rec.get().withJob(null));
        }
      } finally {
        if (!nested) slot.kind = null;
        slot.lock.unlock();
      }
    }
  }
}
