package io.virtnode.node.hotplug;

/**
 * A hotplug or unplug that did not happen; the host and QEMU are as before (unless rollbackIncomplete).
 * reason is CamelCase for a condition: HotplugFailed when QEMU refused (its message is in the text),
 * UnplugTimeout when the guest did not release the device, or the planner's reason (NotHotpluggable,
 * NoFreePcieRootPort, ...).
 */
public final class HotplugException extends Exception {
  private final String reason;
  private final boolean rollbackIncomplete;

  public HotplugException(String reason, String message, Throwable cause, boolean rollbackIncomplete) {
    super(message, cause);
    this.reason = reason;
    this.rollbackIncomplete = rollbackIncomplete;
  }

  public String reason() { return reason; }

  /** True when undoing a step failed too: something of the attempt may remain (see suppressed). */
  public boolean rollbackIncomplete() { return rollbackIncomplete; }
}
