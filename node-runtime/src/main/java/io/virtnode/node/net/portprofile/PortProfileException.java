package io.virtnode.node.net.portprofile;

import java.io.IOException;

/** A port-profile association that failed, with a CamelCase reason and a message a person can act on. */
public class PortProfileException extends IOException {
  /** Why. */
  public enum Reason {
    /** The device does not take port profiles (the kernel answered EOPNOTSUPP). */
    PortProfileUnsupported,
    /** lldpad is not running or its pid file is unreadable. */
    LldpadUnavailable,
    /** The switch (or lldpad, or the adapter) refused the association. */
    AssociationRejected,
    /** No final answer within the polling limit. */
    AssociationTimedOut,
    /** The request itself failed (netlink error other than EOPNOTSUPP). */
    RequestFailed
  }

  private final Reason reason;

  public PortProfileException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public PortProfileException(Reason reason, String message) { this(reason, message, null); }

  public Reason reason() { return reason; }
}
