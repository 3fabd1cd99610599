package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * What is observed. nodeName, migration and the Scheduled and Migrating conditions belong to the controller, the
 * rest to the node agent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = ListMapCustomizer.class, input = "conditions=type,disks=name,interfaces=name")
public class VirtualMachineStatus {
  @JsonPropertyDescription("Node the VM is placed on.")
  @Size(max = Bounds.DNS_SUBDOMAIN)
  public String nodeName;

  @JsonPropertyDescription("Observed run state: Starting, Running, Paused, Stopping, Stopped or Failed.")
  @Size(max = Bounds.WORD)
  public String state;

  @JsonPropertyDescription("Spec generation the agent last acted on.")
  @Min(0)
  public Long observedGeneration;

  @JsonPropertyDescription("Ready, Paused, Scheduled, Failed, RestartRequired and Migrating (True while a"
      + " VirtualMachineMigration of the VM is active, its reason the migration's phase) conditions.")
  @Size(max = Bounds.CONDITIONS)
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Host process id of the VM's QEMU while it exists.")
  public Long pid;

  @JsonPropertyDescription("VNC endpoint while the VM runs.")
  public VncStatus vnc;

  @JsonPropertyDescription("Per-disk block facts.")
  @Size(max = Bounds.DISKS)
  public List<DiskStatus> disks;

  @JsonPropertyDescription("Guest device addresses, kept stable across restarts on the node.")
  @Size(max = Bounds.ADDRESSES)
  public List<DeviceAddress> addresses;

  @JsonPropertyDescription("How QEMU is confined while it runs, e.g. \"cgroup v1, user nobody\".")
  @Size(max = Bounds.FACT)
  public String confinement;

  @JsonPropertyDescription("How QEMU last exited when the agent did not ask it to.")
  public ExitStatus lastExit;

  @JsonPropertyDescription("Per-interface facts on the node: macvtap, MAC, guest address, link and port-profile state.")
  @Size(max = Bounds.INTERFACES)
  public List<InterfaceStatus> interfaces;

  @JsonPropertyDescription("The active VirtualMachineMigration of the VM, while there is one (written by the controller).")
  public MigrationSummary migration;
}
