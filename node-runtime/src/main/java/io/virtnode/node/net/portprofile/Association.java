package io.virtnode.node.net.portprofile;

import java.time.Duration;
import java.util.OptionalInt;

/** How a port-profile request ended: the state reached, the last response code, time taken and polls made. */
public record Association(State state, OptionalInt response, Duration elapsed, int polls) {
  /** The state reached. */
  public enum State {
    /** The peer answered success. */
    ASSOCIATED,
    /** Still "in progress" after the accepting delay: taken as granted and reported. */
    IN_PROGRESS,
    /** A DISASSOCIATE was sent (and acknowledged). */
    DISASSOCIATED
  }
}
