package io.virtnode.operator.plugin;

import picocli.CommandLine.Command;

/** The run-state subcommands: each sets one spec.state. */
final class StateCommands {
  private StateCommands() {
  }

  /** start: spec.state Running. */
  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a VM (spec.state Running).")
  static final class Start extends StateChangeCommand {
    Start() { super("Running"); }
  }

  /** stop: spec.state Stopped. */
  @Command(name = "stop", mixinStandardHelpOptions = true,
      description = "Stop a VM (spec.state Stopped): ACPI shutdown, then off after the grace period.")
  static final class Stop extends StateChangeCommand {
    Stop() { super("Stopped"); }
  }

  /** pause: spec.state Paused. */
  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a VM's CPUs (spec.state Paused).")
  static final class Pause extends StateChangeCommand {
    Pause() { super("Paused"); }
  }

  /** resume: spec.state Running. */
  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused VM (spec.state Running).")
  static final class Resume extends StateChangeCommand {
    Resume() { super("Running"); }
  }

  /** save: spec.state Saved (hibernation); refused by API servers whose CRD does not accept it yet. */
  @Command(name = "save", mixinStandardHelpOptions = true,
      description = "Hibernate a VM (spec.state Saved): its memory is saved to disk and QEMU stops.")
  static final class Save extends StateChangeCommand {
    Save() { super("Saved"); }
  }

  /** restore: spec.state Running, from Saved. */
  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = "Restore a saved VM (spec.state Running): it resumes from its saved memory.")
  static final class Restore extends StateChangeCommand {
    Restore() { super("Running"); }
  }
}
