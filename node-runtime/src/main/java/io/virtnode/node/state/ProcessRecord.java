package io.virtnode.node.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One QEMU process of a VM.
 *
 * @param pid process id; 0 until spawned (the record is written before the spawn)
 * @param startTicks process start time from /proc/PID/stat, to tell our QEMU from a reused pid
 * @param runtimeDir per-VM runtime directory (monitor socket, pidfile, log)
 * @param vncPort TCP port reserved for VNC, or null
 * @param vncEndpoint endpoint reported to users, or null
 * @param argv the command line it was started with
 * @param specHash hash of the plan input, to tell when a restart is required
 * @param diskNodeNames disk name → block node name
 * @param stopRequestedAt epoch millis when a graceful stop was asked, or null
 * @param runningSpec the spec QEMU runs with (RunningSpecCodec), kept up to date by hotplug; null in records
 *     written before it existed (specHash and diskNodeNames stand in for it then)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcessRecord(long pid, long startTicks, String runtimeDir, Integer vncPort, String vncEndpoint,
    List<String> argv, String specHash, Map<String, String> diskNodeNames, Long stopRequestedAt,
    String runningSpec) {

  public ProcessRecord {
    argv = List.copyOf(argv == null ? List.of() : argv);
    diskNodeNames = Map.copyOf(diskNodeNames == null ? Map.of() : diskNodeNames);
  }

  /** A record of the format before runningSpec. */
  public ProcessRecord(long pid, long startTicks, String runtimeDir, Integer vncPort, String vncEndpoint,
      List<String> argv, String specHash, Map<String, String> diskNodeNames, Long stopRequestedAt) {
    this(pid, startTicks, runtimeDir, vncPort, vncEndpoint, argv, specHash, diskNodeNames, stopRequestedAt, null);
  }

  public ProcessRecord withPid(long newPid, long ticks) {
    return new ProcessRecord(newPid, ticks, runtimeDir, vncPort, vncEndpoint, argv, specHash, diskNodeNames,
        stopRequestedAt, runningSpec);
  }

  public ProcessRecord withStopRequestedAt(Long at) {
    return new ProcessRecord(pid, startTicks, runtimeDir, vncPort, vncEndpoint, argv, specHash, diskNodeNames, at,
        runningSpec);
  }

  /** After a hotplug: the disks' node names and the spec QEMU now runs with. */
  public ProcessRecord withDevices(Map<String, String> nodeNames, String spec) {
    return new ProcessRecord(pid, startTicks, runtimeDir, vncPort, vncEndpoint, argv, specHash, nodeNames,
        stopRequestedAt, spec);
  }
}
