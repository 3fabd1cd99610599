package io.virtnode.node.domain;

/** A spec that cannot be turned into a QEMU command line; reason is CamelCase, message says what to fix. */
public class PlanException extends Exception {
  private final String reason;

  public PlanException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() { return reason; }
}
