package io.virtnode.operator.plugin;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code virtnode kubectl}, installed as {@code kubectl-virtnode} so that kubectl runs it as
 * {@code kubectl virtnode ...}: actions on VirtualMachines of any cluster.
 */
@Command(name = "kubectl", mixinStandardHelpOptions = true,
    description = "kubectl plugin (kubectl virtnode ...): start, stop, console, VNC, migrate and logs of VMs.",
    subcommands = {StateCommands.Start.class, StateCommands.Stop.class, StateCommands.Pause.class,
        StateCommands.Resume.class, RestartCommand.class, StateCommands.Save.class, StateCommands.Restore.class,
        ConsoleCommand.class, VncCommand.class, MigrateCommand.class, PluginRenderCommand.class, LogsCommand.class,
        CompletionCommand.class})
public final class KubectlCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Spec
  CommandSpec spec;

  private final PluginIo io;

  /** Uses the process's own terminal. */
  public KubectlCommand() {
    this(PluginIo.system());
  }

  /** Uses the given streams (tests, embedding). */
  public KubectlCommand(PluginIo io) {
    this.io = io;
  }

  PluginIo io() {
    return io;
  }

  /** Without a subcommand: the usage, and exit code 2 like any usage error. */
  @Override public Integer call() {
    spec.commandLine().usage(io.err());
    return 2;
  }
}
