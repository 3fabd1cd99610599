package io.virtnode.operator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Node agent settings, read from a YAML file; every field has a default that works on a Debian host.
 * stateDir, runDir and cgroupParent may contain {node}, replaced by the agent's node name: the defaults do,
 * so agents of several nodes on one machine (tests, a dev cluster) started with the same settings get their
 * own records, sockets and cgroups and never see each other's QEMUs. A state dir remembers its node: an agent
 * of another node refuses it.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public class AgentSettings {
  @JsonPropertyDescription("QEMU system emulator to run.")
  public String qemuBinary = "/usr/bin/qemu-system-x86_64";
  @JsonPropertyDescription("Runtime records, QEMU logs and caches of this node's VMs; {node} is replaced by the node name.")
  public String stateDir = "/var/lib/virtnode/state/{node}";
  @JsonPropertyDescription("Per-VM runtime directories (monitor socket, pidfile); {node} is replaced by the node name;"
      + " its path must be traversable by qemuUser.")
  public String runDir = "/run/virtnode/{node}";
  @JsonPropertyDescription("Disks and char-device files must lie under one of these directories.")
  public List<String> allowedStorageRoots = new ArrayList<>(List.of("/var/lib/virtnode/images"));
  @JsonPropertyDescription("First TCP port for VNC servers.")
  public int vncPortMin = 5900;
  @JsonPropertyDescription("Last TCP port for VNC servers.")
  public int vncPortMax = 5999;
  @JsonPropertyDescription("Address VNC servers listen on.")
  public String vncListen = "127.0.0.1";
  @JsonPropertyDescription("Let QEMU use the host's audio for VNC clients (off: audio goes nowhere).")
  public boolean vncAllowHostAudio = false;
  @JsonPropertyDescription("Unprivileged user QEMU runs as (name or number); never root.")
  public String qemuUser = "nobody";
  @JsonPropertyDescription("Group QEMU runs as (name or number).")
  public String qemuGroup = "nogroup";
  @JsonPropertyDescription("Parent cgroup (under each v1 controller or the v2 mount) of the per-VM cgroups; {node} is"
      + " replaced by the node name.")
  public String cgroupParent = "virtnode/{node}";
  @JsonPropertyDescription("cgroup hierarchy for VMs: auto (probe: v1 where its devices controller is mounted), v1 or v2.")
  public String cgroupVersion = "auto";
  @JsonPropertyDescription("Seconds a guest gets to power down before QEMU is told to quit.")
  public int stopGracePeriodSeconds = 30;
  @JsonPropertyDescription("Seconds to wait before restarting a QEMU that exited on its own.")
  public int restartDelaySeconds = 5;
  @JsonPropertyDescription("Seconds a monitor command may take.")
  public int qmpTimeoutSeconds = 10;
  @JsonPropertyDescription("Seconds from exec to the monitor answering.")
  public int startTimeoutSeconds = 30;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Reads settings from file, or defaults when file is null. */
  public static AgentSettings load(Path file) throws IOException {
    if (file == null) return new AgentSettings();
    AgentSettings s = YAML.readValue(file.toFile(), AgentSettings.class);
    s.validate();
    return s;
  }

  /** Placeholder in stateDir, runDir and cgroupParent for the node name. */
  public static final String NODE = "{node}";

  /** A copy with {node} replaced by node in stateDir, runDir and cgroupParent. */
  public AgentSettings forNode(String node) {
    if (node == null || !node.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
      throw new IllegalArgumentException("node name must be a plain name (letters, digits, '.', '_', '-'): " + node);
    }
    AgentSettings s = YAML.convertValue(YAML.valueToTree(this), AgentSettings.class);
    s.stateDir = stateDir.replace(NODE, node);
    s.runDir = runDir.replace(NODE, node);
    s.cgroupParent = cgroupParent.replace(NODE, node);
    return s;
  }

  void validate() {
    if (vncPortMin < 1 || vncPortMax > 65535 || vncPortMin > vncPortMax) {
      throw new IllegalArgumentException("vncPortMin..vncPortMax must be a range within 1..65535");
    }
    if (!List.of("auto", "v1", "v2").contains(cgroupVersion)) {
      throw new IllegalArgumentException("cgroupVersion must be auto, v1 or v2");
    }
    if (allowedStorageRoots.stream().anyMatch(r -> !Path.of(r).isAbsolute())) {
      throw new IllegalArgumentException("allowedStorageRoots must be absolute paths");
    }
  }
}
