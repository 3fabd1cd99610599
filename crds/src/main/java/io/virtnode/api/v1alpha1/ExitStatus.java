package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An exit of QEMU that the agent did not ask for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExitStatus {
  /** RFC 3339 time it was noticed. */
  public String time;
  /** What ended it, e.g. "killed by signal 9" or "guest shutdown". */
  public String reason;
}
