package io.virtnode.node.net;

import java.io.IOException;

/** A macvtap request refused before anything was changed on the host, with a CamelCase reason. */
public class MacvtapRefusedException extends IOException {
  /** Why the request was refused. */
  public enum Reason {
    /** The lower link named does not exist. */
    LinkMissing,
    /** Passthrough asked on a link that already carries macvtaps, or a macvtap asked on a passthrough link. */
    PassthroughLinkShared,
    /** The MAC is already used by the link or another macvtap/macvlan on it. */
    MacInUse,
    /** Another interface already has the name. */
    NameTaken,
    /** The interface named is not the macvtap recorded (another kind or another lower link). */
    NotOurs
  }

  private final Reason reason;

  public MacvtapRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() { return reason; }
}
