package io.virtnode.node.vm;

/** A VM operation that failed; reason is CamelCase for a condition, message says what to do. */
public class VmRuntimeException extends Exception {
  private final String reason;
  private final boolean permanent;

  public VmRuntimeException(String reason, String message, boolean permanent, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.permanent = permanent;
  }

  public VmRuntimeException(String reason, String message, boolean permanent) {
    this(reason, message, permanent, null);
  }

  public String reason() { return reason; }

  /** True when retrying without a spec change cannot help. */
  public boolean permanent() { return permanent; }
}
