package io.virtnode.node.state;

import java.io.IOException;

/** The runtime state could not be made durable; the agent must not act (fail closed). */
public class StateWriteException extends IOException {
  public StateWriteException(String message, Throwable cause) { super(message, cause); }
}
