package io.virtnode.operator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.virtnode.node.storage.StorageRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node agent settings, read from a YAML file; every field has a default that works on a Debian host.
 * stateDir, runDir and cgroupParent may contain {node}, replaced by the agent's node name: the defaults do,
 * so agents of several nodes on one machine (tests, a dev cluster) started with the same settings get their
 * own records, sockets and cgroups and never see each other's QEMUs. A state dir remembers its node: an agent
 * of another node refuses it.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public class AgentSettings {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSettings.class);

  @JsonPropertyDescription("QEMU system emulator to run.")
  public String qemuBinary = "/usr/bin/qemu-system-x86_64";
  @JsonPropertyDescription("Runtime records, QEMU logs and caches of this node's VMs; {node} is replaced by the node name.")
  public String stateDir = "/var/lib/virtnode/state/{node}";
  @JsonPropertyDescription("Per-VM runtime directories (monitor socket, pidfile); {node} is replaced by the node name;"
      + " its path must be traversable by qemuUser.")
  public String runDir = "/run/virtnode/{node}";
  @JsonPropertyDescription("Storage roots and who may use them: PerNamespace (each namespace only <path>/<namespace>/),"
      + " SharedReadOnly (every namespace, read-only disks and backing layers), Namespaces (read-write for the"
      + " listed namespaces).")
  public List<StorageRootSetting> storageRoots = new ArrayList<>();
  @JsonPropertyDescription("Older form of storageRoots: each directory is a PerNamespace root. Set [] to use"
      + " storageRoots alone.")
  public List<String> allowedStorageRoots = new ArrayList<>(List.of("/var/lib/virtnode/images"));
  @JsonPropertyDescription("First TCP port for VNC servers.")
  public int vncPortMin = 5900;
  @JsonPropertyDescription("Last TCP port for VNC servers.")
  public int vncPortMax = 5999;
  @JsonPropertyDescription("Address VNC servers listen on.")
  public String vncListen = "127.0.0.1";
  @JsonPropertyDescription("Allow vncListen on a non-loopback address (VNC has no password: anyone who can reach it"
      + " sees and drives the guest).")
  public boolean vncAllowNonLoopback = false;
  @JsonPropertyDescription("Let QEMU use the host's audio for VNC clients (off: audio goes nowhere).")
  public boolean vncAllowHostAudio = false;
  @JsonPropertyDescription("Unprivileged user QEMU runs as (name or number); never root.")
  public String qemuUser = "nobody";
  @JsonPropertyDescription("Group QEMU runs as (name or number); never root.")
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
  @JsonPropertyDescription("Where /healthz, /readyz and /metrics are served (host:port; port 0 picks one; off: none).")
  public String healthListen = "0.0.0.0:8081";
  @JsonPropertyDescription("Largest size of one file-backed console log; older output rotates out.")
  public long consoleLogMaxBytes = 1L << 20;
  @JsonPropertyDescription("Console log files kept per char device: the current one and consoleLogFiles-1 rotated.")
  public int consoleLogFiles = 2;

  /** One storage root of the settings. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public static class StorageRootSetting {
    @JsonPropertyDescription("Absolute directory.")
    public String path;
    @JsonPropertyDescription("PerNamespace, SharedReadOnly or Namespaces.")
    public String mode = "PerNamespace";
    @JsonPropertyDescription("With mode Namespaces: the namespaces that may use the root read-write.")
    public List<String> namespaces = new ArrayList<>();

    public StorageRootSetting() {}

    public StorageRootSetting(String path, String mode, List<String> namespaces) {
      this.path = path;
      this.mode = mode;
      this.namespaces = namespaces == null ? new ArrayList<>() : new ArrayList<>(namespaces);
    }
  }

  private static final Map<String, StorageRoot.Mode> MODES = Map.of("PerNamespace", StorageRoot.Mode.PER_NAMESPACE,
      "SharedReadOnly", StorageRoot.Mode.SHARED_READ_ONLY, "Namespaces", StorageRoot.Mode.NAMESPACES);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Reads and validates settings from file, or defaults when file is null. */
  public static AgentSettings load(Path file) throws IOException {
    AgentSettings s = file == null ? new AgentSettings() : YAML.readValue(file.toFile(), AgentSettings.class);
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

  /** storageRoots, then each allowedStorageRoots entry not listed there as a PerNamespace root. */
  public List<StorageRoot> effectiveStorageRoots() {
    Map<Path, StorageRoot> out = new LinkedHashMap<>();
    for (StorageRootSetting r : storageRoots) {
      Path p = Path.of(r.path).toAbsolutePath().normalize();
      out.put(p, new StorageRoot(p, MODES.get(r.mode), java.util.Set.copyOf(r.namespaces)));
    }
    for (String r : allowedStorageRoots) {
      Path p = Path.of(r).toAbsolutePath().normalize();
      out.putIfAbsent(p, StorageRoot.perNamespace(p));
    }
    return List.copyOf(out.values());
  }

  /** The directories of every storage root. */
  public List<Path> storageRootPaths() { return effectiveStorageRoots().stream().map(StorageRoot::path).toList(); }

  /** Throws IllegalArgumentException naming every bad setting; warns about risky allowed ones. */
  public void validate() { validate(Path.of("/etc")); }

  void validate(Path etc) {
    List<String> bad = new SettingsRules(this, etc).problems();
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException("invalid agent settings: " + String.join("; ", bad));
    }
    if (vncAllowNonLoopback && !SettingsRules.loopback(vncListen)) {
      LOG.warn("VNC servers listen on {} (vncAllowNonLoopback): VNC has no password, anyone who can reach that"
          + " address sees and drives the guests", vncListen);
    }
  }

  static Map<String, StorageRoot.Mode> modes() { return MODES; }
}
