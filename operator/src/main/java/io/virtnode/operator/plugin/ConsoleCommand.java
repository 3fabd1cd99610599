package io.virtnode.operator.plugin;

import io.virtnode.api.v1alpha1.CharBackendType;
import io.virtnode.api.v1alpha1.CharDevice;
import io.virtnode.api.v1alpha1.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * console: attaches the terminal to a serial console whose backend is a unix socket QEMU serves. The socket
 * is on the VM's node, so this works there (e.g. with virtnode dev); elsewhere it says how to reach it.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
    description = {"Attach to a VM's serial console (a Unix backend with server: true). Ctrl-] leaves.",
        "Runs on the VM's node; elsewhere it prints how to reach the socket there."})
final class ConsoleCommand extends PluginCommand {
  @Parameters(index = "0", paramLabel = "VM", description = "VirtualMachine name.")
  String vm;

  @Option(names = "--serial", paramLabel = "NAME",
      description = "Serial or console device name (default: the first with a Unix server backend).")
  String serial;

  @Option(names = "--drain", defaultValue = "2", paramLabel = "SECONDS",
      description = "When stdin ends (not a terminal): leave once the guest has been silent this long"
          + " (default: ${DEFAULT-VALUE}).")
  long drainSeconds;

  @Override int run() throws Exception {
    Vms vms = vms();
    VirtualMachine machine = vms.get(vm);
    CharDevice device = pick(vms.ref(vm), devices(machine));
    Path socket = Path.of(device.backend.path);
    if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      throw new PluginException(notHere(vms.ref(vm), device, Vms.node(machine)));
    }
    err().println("Connected to " + vms.ref(vm) + " " + device.name + " (" + socket + "). Escape character is ^]");
    ConsoleSession.End end;
    try {
      end = attach(socket);
    } catch (IOException e) {
      throw new PluginException("cannot attach to " + socket + ": " + e.getMessage() + " ("
          + Vms.stateWords(machine) + ")");
    }
    out().flush();
    if (end == ConsoleSession.End.ClosedByPeer) err().println("\r\nThe console was closed by the VM's side.");
    return 0;
  }

  /** Attaches, in raw mode when the terminal is interactive. */
  private ConsoleSession.End attach(Path socket) throws IOException, InterruptedException {
    ConsoleSession session = new ConsoleSession(socket, Duration.ofSeconds(drainSeconds));
    if (!io().interactive()) return session.attach(io().in(), out());
    try (RawTerminal raw = RawTerminal.enter()) {
      return session.attach(io().in(), out());
    } finally {
      err().println(); // the guest may have left the cursor mid-line
    }
  }

  private static List<CharDevice> devices(VirtualMachine machine) {
    List<CharDevice> devices = new ArrayList<>();
    if (machine.getSpec() != null && machine.getSpec().serials != null) devices.addAll(machine.getSpec().serials);
    if (machine.getSpec() != null && machine.getSpec().consoles != null) devices.addAll(machine.getSpec().consoles);
    return devices;
  }

  private CharDevice pick(String ref, List<CharDevice> devices) {
    if (serial != null) {
      CharDevice named = devices.stream().filter(d -> serial.equals(d.name)).findFirst()
          .orElseThrow(() -> new PluginException(ref + " has no serial or console named \"" + serial + "\" (it has: "
              + names(devices) + ")"));
      if (!attachable(named)) {
        throw new PluginException(ref + " serial " + serial + " cannot be attached: " + why(named));
      }
      return named;
    }
    return devices.stream().filter(ConsoleCommand::attachable).findFirst()
        .orElseThrow(() -> new PluginException(ref + " has no serial console with a Unix server backend (it has: "
            + names(devices) + "); add one, e.g. spec.serials: [{name: serial0, backend: {type: Unix, path:"
            + " /run/virtnode/consoles/" + ref.replace('/', '-') + ".sock}}]"));
  }

  private static boolean attachable(CharDevice device) {
    return device.backend != null && device.backend.type == CharBackendType.Unix
        && !Boolean.FALSE.equals(device.backend.server) && device.backend.path != null;
  }

  private static String why(CharDevice device) {
    if (device.backend == null) return "it has no backend";
    if (device.backend.type != CharBackendType.Unix) {
      return "its backend is " + device.backend.type + (device.backend.path == null ? "" : " " + device.backend.path)
          + ", not Unix";
    }
    return "QEMU connects to a socket someone else serves (server: false); attach to that server instead";
  }

  private static String names(List<CharDevice> devices) {
    if (devices.isEmpty()) return "none";
    return String.join(", ", devices.stream().map(d -> d.name + " (" + (d.backend == null ? "?" : d.backend.type) + ")")
        .toList());
  }

  private String notHere(String ref, CharDevice device, String node) {
    String path = device.backend.path;
    StringBuilder text = new StringBuilder(ref).append(" serial ").append(device.name).append(" is the unix socket ")
        .append(path).append(", which does not exist on this host");
    if (node == null) return text.append("; the VM is not placed on a node yet (no status.nodeName)").toString();
    String socat = "socat -,raw,echo=0,escape=0x1d UNIX-CONNECT:" + path;
    text.append("; it is on node ").append(node).append(". Attach there, as root:\n  ").append(socat);
    AgentPods.onNode(client(), node).ifPresent(pod -> text.append("\nor through the agent pod, if the path is inside"
        + " its mounts (/run/virtnode, /var/lib/virtnode) and its image has socat:\n  kubectl exec -it ").append(pod)
        .append(" -- ").append(socat));
    return text.toString();
  }
}
