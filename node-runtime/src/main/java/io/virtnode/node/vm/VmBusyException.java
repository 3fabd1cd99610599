package io.virtnode.node.vm;

import io.virtnode.node.state.JobBusyException;
import io.virtnode.node.state.JobKind;
import java.time.Instant;

/** Another job holds the VM ("busy: &lt;job&gt; since &lt;time&gt;"); try again later. */
public class VmBusyException extends VmRuntimeException {
  public static final String REASON = "Busy";
  private final JobKind holder;
  private final Instant since;

  public VmBusyException(JobBusyException e) {
    super(REASON, e.getMessage(), false, e);
    this.holder = e.holder();
    this.since = e.since();
  }

  public JobKind holder() { return holder; }

  public Instant since() { return since; }
}
