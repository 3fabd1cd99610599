package io.virtnode.node.qemu;

/** A QEMU binary could not be probed: missing, not executable, crashed, or its monitor did not answer. */
public class CapabilityProbeException extends Exception {
  public CapabilityProbeException(String message) { super(message); }

  public CapabilityProbeException(String message, Throwable cause) { super(message, cause); }
}
