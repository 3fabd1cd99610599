package io.virtnode.reconcile.vm;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.node.state.StateWriteException;
import io.virtnode.reconcile.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The agent's own state could not be written (a full or read-only state dir): a condition saying so and what
 * to do, and a look again with backoff that never gives up, so a stop asked meanwhile is carried out once the
 * state can be written. Pure.
 */
final class StateFailures {
  /** Reason of Failed and Ready while the agent cannot write the VM's runtime record. */
  static final String STATE_DIR_UNWRITABLE = "StateDirUnwritable";
  static final Duration FIRST_RETRY = Duration.ofSeconds(2);
  static final Duration MAX_RETRY = Duration.ofSeconds(30);

  private StateFailures() {}

  /** The StateWriteException behind e, if that is what failed. */
  static Optional<StateWriteException> cause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StateWriteException s) return Optional.of(s);
      if (t.getCause() == t) break;
    }
    return Optional.empty();
  }

  static Failure failure(StateWriteException e) {
    return new Failure(STATE_DIR_UNWRITABLE, "the agent cannot write its runtime state (" + e.getMessage()
        + "); nothing is changed on the host until it can: free space on the agent's stateDir file system or make"
        + " it writable for the agent; the agent keeps retrying (with backoff) and carries on by itself");
  }

  /** Doubles the wait with each retry of the same failure: as long again as it has lasted, 2 s to 30 s. */
  static Duration backoff(VirtualMachine vm, Instant now) {
    var since = vm.getStatus() == null ? Optional.<String>empty()
        : Conditions.find(vm.getStatus().conditions, VmStatusBuilder.FAILED)
            .filter(c -> STATE_DIR_UNWRITABLE.equals(c.reason) && c.lastTransitionTime != null)
            .map(c -> c.lastTransitionTime);
    if (since.isEmpty()) return FIRST_RETRY;
    Duration lasted = Duration.between(Instant.parse(since.get()), now);
    if (lasted.compareTo(FIRST_RETRY) < 0) return FIRST_RETRY;
    return lasted.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : lasted;
  }
}
