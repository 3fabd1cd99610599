package io.virtnode.operator.plugin;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** render: runs {@code virtnode render} (the sibling command of the same jar); no cluster is contacted. */
@Command(name = "render", mixinStandardHelpOptions = true,
    description = "Print the QEMU command line the agent would run for a VirtualMachine manifest (virtnode render).")
final class PluginRenderCommand implements java.util.concurrent.Callable<Integer> {
  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE", description = "VirtualMachine YAML file.")
  String file;

  @Option(names = "--config", paramLabel = "FILE", description = "Agent settings YAML file.")
  String config;

  @Spec
  CommandSpec spec;

  @Override public Integer call() {
    CommandLine render = spec.root().commandLine().getSubcommands().get("render");
    if (render == null || render.getCommandSpec() == spec.parent()) {
      spec.commandLine().getErr().println("render: this build has no virtnode render command");
      return PluginException.FAILED;
    }
    List<String> args = new ArrayList<>(List.of("-f", file));
    if (config != null) args.addAll(List.of("--config", config));
    return render.execute(args.toArray(String[]::new));
  }
}
