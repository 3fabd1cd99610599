package io.virtnode.node.security;

import java.io.IOException;

/** Labelling a VM's file failed or was refused, with a CamelCase reason and a message naming the file. */
public class LabelException extends IOException {
  private final String reason;

  public LabelException(String reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public LabelException(String reason, String message) {
    this(reason, message, null);
  }

  /** CamelCase reason, e.g. "InUseByAnotherVm", "FileReplaced", "McsExhausted". */
  public String reason() { return reason; }
}
