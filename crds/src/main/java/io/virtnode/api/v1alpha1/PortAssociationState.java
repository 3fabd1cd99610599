package io.virtnode.api.v1alpha1;

/** Where an interface's port-profile association with the switch (or the NIC's firmware) stands. */
public enum PortAssociationState {
  /** The switch accepted the association. */
  Associated,
  /** Requested and not answered yet (reported after 2 s, given up after 10 s). */
  InProgress,
  /** Refused, timed out or lost; the message says why. */
  Failed,
  /** The interface has no port profile. */
  None
}
