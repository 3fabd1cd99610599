package io.virtnode.node.pci;

import io.virtnode.node.nativeio.NativeException;
import java.io.IOException;
import java.util.Optional;

/**
 * A binding change that failed: which device, which operation and step, the errno the kernel answered (0 when
 * the failure was a check, not a write), and the driver the device is left bound to after the rollback.
 */
public final class PciBindException extends IOException {
  /** The operation asked for. */
  public enum Operation { PASSTHROUGH, HOST, RESET }

  private final PciAddress device;
  private final Operation operation;
  private final BindStep step;
  private final int errno;
  private final String errnoName;
  private final Optional<String> leftBoundTo;

  PciBindException(PciAddress device, Operation operation, BindStep step, String what, Throwable cause,
      Optional<String> leftBoundTo) {
    super(message(device, operation, step, what, cause, leftBoundTo), cause);
    this.device = device;
    this.operation = operation;
    this.step = step;
    this.errno = cause instanceof NativeException n ? n.errno() : 0;
    this.errnoName = cause instanceof NativeException n ? n.errnoName() : "";
    this.leftBoundTo = leftBoundTo;
  }

  private static String message(PciAddress device, Operation operation, BindStep step, String what,
      Throwable cause, Optional<String> left) {
    String errnoPart = "";
    String detail = "";
    if (cause instanceof NativeException n) {
      String m = n.getMessage();
      int at = m.indexOf("failed: ");
      errnoPart = ": " + (at >= 0 ? m.substring(at + "failed: ".length()) : n.errnoName());
    } else if (cause != null) {
      detail = " (" + cause.getMessage() + ")";
    }
    return operation.name().toLowerCase() + " of " + device + " failed at " + step.name().toLowerCase()
        .replace('_', ' ') + ": "
        + what + errnoPart + detail + "; the device is left "
        + left.map(d -> "bound to " + d).orElse("with no driver");
  }

  public PciAddress device() { return device; }

  public Operation operation() { return operation; }

  public BindStep step() { return step; }

  /** The CamelCase reason for a condition, e.g. "UnbindFailed". */
  public String reason() { return step.reason(); }

  /** The errno of the failed write, 0 when a check failed. */
  public int errno() { return errno; }

  /** "EBUSY", or empty when a check failed. */
  public String errnoName() { return errnoName; }

  /** The driver bound to the device after the rollback, as read back from sysfs; empty when none is. */
  public Optional<String> leftBoundTo() { return leftBoundTo; }
}
