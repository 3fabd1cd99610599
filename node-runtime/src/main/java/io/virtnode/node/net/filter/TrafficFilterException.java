package io.virtnode.node.net.filter;

import java.io.IOException;

/** A traffic filter that could not be installed, verified or removed, with a CamelCase reason. */
public class TrafficFilterException extends IOException {
  /** Why. */
  public enum Reason {
    /** The nft binary is absent. */
    NftablesMissing,
    /** nft refused the ruleset or a command. */
    RulesetRejected,
    /** The ruleset read back differs from the one compiled. */
    RulesetMismatch
  }

  private final Reason reason;

  public TrafficFilterException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() { return reason; }
}
