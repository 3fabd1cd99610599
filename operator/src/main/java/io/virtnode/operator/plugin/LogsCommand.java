package io.virtnode.operator.plugin;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.operator.AgentSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * logs: prints the QEMU log of a VM, {@code <stateDir>/logs/<uid>.log} of the agent that runs it. The file is
 * on the VM's node: read here when this host has it (the node itself, virtnode dev), else said where it is.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = {"Print a VM's QEMU log (<stateDir>/logs/<uid>.log on its node).",
        "Read on the node itself (or with virtnode dev); elsewhere it says where the log is."})
final class LogsCommand extends PluginCommand {
  /** virtnode dev's state dir (relative to here), looked in before the agent's default for the VM's node. */
  static final Path DEV_STATE_DIR = Path.of(".virtnode", "state");

  @Parameters(index = "0", paramLabel = "VM", description = "VirtualMachine name.")
  String vm;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "The agent's state directory (default: "
      + ".virtnode/state, then /var/lib/virtnode/state).")
  Path stateDir;

  @Option(names = "--config", paramLabel = "FILE", description = "The agent's settings file, for its stateDir.")
  Path config;

  @Option(names = "--tail", paramLabel = "LINES", description = "Only the last LINES lines.")
  Integer tail;

  @Override int run() throws IOException {
    Vms vms = vms();
    VirtualMachine machine = vms.get(vm);
    String uid = machine.getMetadata().getUid();
    List<Path> dirs = stateDirs(Vms.node(machine));
    for (Path dir : dirs) {
      Path log = dir.resolve("logs").resolve(uid + ".log");
      if (Files.isRegularFile(log)) {
        print(log);
        return 0;
      }
    }
    throw new PluginException(elsewhere(vms.ref(vm), uid, Vms.node(machine), dirs));
  }

  /** Where node's agent keeps logs: --state-dir, else --config's stateDir, else dev's and the default. */
  private List<Path> stateDirs(String node) throws IOException {
    if (stateDir != null) return List.of(stateDir);
    AgentSettings settings = config != null ? AgentSettings.load(config) : new AgentSettings();
    String dir = node == null ? settings.stateDir : settings.forNode(node).stateDir;
    return config != null ? List.of(Path.of(dir)) : List.of(DEV_STATE_DIR, Path.of(dir));
  }

  private void print(Path log) throws IOException {
    if (tail == null) {
      try (InputStream in = Files.newInputStream(log)) {
        in.transferTo(out());
      }
    } else {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      lines.subList(Math.max(0, lines.size() - tail), lines.size()).forEach(out()::println);
    }
    out().flush();
  }

  private String elsewhere(String ref, String uid, String node, List<Path> looked) {
    List<String> where = new ArrayList<>();
    looked.forEach(dir -> where.add(dir.toAbsolutePath().toString()));
    String file = "<stateDir>/logs/" + uid + ".log";
    StringBuilder text = new StringBuilder("no QEMU log of " + ref + " on this host (looked under "
        + String.join(", ", where) + ")");
    if (node == null) return text.append("; the VM is not placed on a node yet, so QEMU has not run").toString();
    text.append("; it is on node ").append(node).append(" as ").append(file)
        .append(" (stateDir /var/lib/virtnode/state by default)");
    String inPod = new AgentSettings().stateDir + "/logs/" + uid + ".log";
    AgentPods.onNode(client(), node).ifPresent(pod -> text.append("; read it through the agent pod:\n  kubectl exec ")
        .append(pod).append(" -- cat ").append(inPod));
    return text.toString();
  }
}
