package io.virtnode.node.domain;

import java.util.Map;

/**
 * How each {@link DomainSpec} component may change while QEMU runs. Every component is listed (a unit test
 * fails on one that is not), so a new field is classified before it can turn on RestartRequired.
 */
public final class SpecFields {

  /** The class of one field. */
  public enum FieldClass {
    /** Per element: disks added or removed on a hot-pluggable bus are live, changes in place need a restart. */
    DEVICES,
    /** Any change needs a restart. */
    RESTART_REQUIRED,
    /** Identity of the VM: never changes for a running VM. */
    IMMUTABLE,
    /** Only how QEMU is started (e.g. paused); a change means nothing to a running VM. */
    START_ONLY
  }

  /** The class of every DomainSpec component, by name. */
  public static final Map<String, FieldClass> CLASSES = Map.ofEntries(
      Map.entry("name", FieldClass.IMMUTABLE),
      Map.entry("uuid", FieldClass.IMMUTABLE),
      Map.entry("cpus", FieldClass.RESTART_REQUIRED),
      Map.entry("memoryMiB", FieldClass.RESTART_REQUIRED),
      Map.entry("machine", FieldClass.RESTART_REQUIRED),
      Map.entry("disks", FieldClass.DEVICES),
      Map.entry("scsiControllers", FieldClass.RESTART_REQUIRED),
      Map.entry("serials", FieldClass.RESTART_REQUIRED),
      Map.entry("consoles", FieldClass.RESTART_REQUIRED),
      Map.entry("parallels", FieldClass.RESTART_REQUIRED),
      Map.entry("channels", FieldClass.RESTART_REQUIRED),
      Map.entry("vnc", FieldClass.RESTART_REQUIRED),
      Map.entry("startPaused", FieldClass.START_ONLY),
      Map.entry("pcieRootPorts", FieldClass.RESTART_REQUIRED));

  private SpecFields() {}
}
