package io.virtnode.operator.plugin;

import io.virtnode.api.v1alpha1.VirtualMachine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** vnc: prints the VM's VNC endpoint; {@code --open} starts a local viewer on it. */
@Command(name = "vnc", mixinStandardHelpOptions = true,
    description = "Print a VM's VNC endpoint (status.vnc.endpoint); --open starts a local viewer on it.")
final class VncCommand extends PluginCommand {
  @Parameters(index = "0", paramLabel = "VM", description = "VirtualMachine name.")
  String vm;

  @Option(names = "--open", description = "Start a local viewer: one of " + "vncviewer, remote-viewer, gvncviewer.")
  boolean open;

  /** PATH searched for viewers; the process's PATH unless a test sets it. */
  String searchPath = System.getenv("PATH");

  @Override int run() throws IOException {
    Vms vms = vms();
    VirtualMachine machine = vms.get(vm);
    String endpoint = machine.getStatus() == null || machine.getStatus().vnc == null ? null
        : machine.getStatus().vnc.endpoint;
    if (endpoint == null || endpoint.isBlank()) {
      throw new PluginException(vms.ref(vm) + " has no VNC endpoint yet (status.vnc is empty; "
          + Vms.stateWords(machine) + "): it is not running, or spec.graphics has no vnc");
    }
    out().println(endpoint);
    String node = Vms.node(machine);
    if (node != null) err().println("(the endpoint is on node " + node + "; from elsewhere forward it, e.g. ssh -L)");
    if (!open) return 0;
    Optional<Path> viewer = VncViewers.find(searchPath);
    if (viewer.isEmpty()) {
      throw new PluginException("no VNC viewer found on PATH (looked for " + String.join(", ", VncViewers.KNOWN)
          + "); connect one to " + endpoint);
    }
    List<String> argv = VncViewers.argv(viewer.get(), endpoint);
    new ProcessBuilder(argv).inheritIO().start();
    err().println("started " + String.join(" ", argv));
    return 0;
  }
}
