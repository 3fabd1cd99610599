package io.virtnode.node.state;

import java.time.Instant;

/** Another job holds the VM: what it is and since when, so the caller can say "busy" and look again. */
public class JobBusyException extends Exception {
  private final JobKind holder;
  private final Instant since;

  public JobBusyException(String vm, JobKind wanted, JobKind holder, Instant since) {
    super("busy: " + holder + " since " + since + " (" + wanted + " of VM " + vm + " waits for it)");
    this.holder = holder;
    this.since = since;
  }

  public JobKind holder() { return holder; }

  public Instant since() { return since; }
}
