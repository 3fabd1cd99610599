package io.virtnode.operator;

import io.virtnode.operator.plugin.KubectlCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The virtnode command line: agent, controller, dev, render, version, and the kubectl plugin. */
@Command(name = "virtnode", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Virtual machines on Kubernetes, run by a per-node agent over QMP.",
    subcommands = {AgentCommand.class, ControllerCommand.class, DevCommand.class, RenderCommand.class,
        VersionCommand.class, KubectlCommand.class})
public final class Main {
  public static void main(String[] args) {
    int rc = new CommandLine(new Main()).execute(args);
    if (rc != 0 || !keepsRunning(args)) System.exit(rc);
  }

  private static boolean keepsRunning(String[] args) {
    return args.length > 0 && (args[0].equals("agent") || args[0].equals("controller") || args[0].equals("dev"));
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** picocli version provider. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() { return new String[] {"virtnode " + version()}; }
  }
}
