package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the user wants: machine shape, devices, run state and placement. The operator never rewrites it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.disks) || self.disks.all(d, self.disks.exists_one(e, e.name == d.name))",
    message = "disk names must be unique")
@ValidationRule(value = "!has(self.serials) || self.serials.all(d, self.serials.exists_one(e, e.name == d.name))",
    message = "serial names must be unique")
@ValidationRule(value = "!has(self.parallels) || self.parallels.all(d, self.parallels.exists_one(e, e.name == d.name))",
    message = "parallel names must be unique")
@ValidationRule(value = "!has(self.channels) || self.channels.all(d, self.channels.exists_one(e, e.name == d.name))",
    message = "channel names must be unique")
@ValidationRule(value = "!has(self.channels) || self.channels.all(c, !has(c.port) || self.channels.exists_one(d, has(d.port) && d.port == c.port))",
    message = "channel port numbers must be unique")
@ValidationRule(value = "!has(self.nodeName) || !has(self.nodeSelector)",
    message = "set either nodeName or nodeSelector, not both")
@ValidationRule(value = "has(self.nodeName) == has(oldSelf.nodeName) && (!has(self.nodeName) || self.nodeName == oldSelf.nodeName)",
    message = "nodeName is immutable; delete and recreate the VM to place it elsewhere")
@ValidationRule(value = "has(self.nodeSelector) == has(oldSelf.nodeSelector) && (!has(self.nodeSelector) || self.nodeSelector == oldSelf.nodeSelector)",
    message = "nodeSelector is immutable; delete and recreate the VM to place it elsewhere")
public class VirtualMachineSpec {
  @JsonPropertyDescription("Desired run state: Running, Paused (started with CPUs stopped) or Stopped.")
  @Default("Running")
  public VmState state = VmState.Running;

  @JsonPropertyDescription("Number of virtual CPUs (restart required to change).")
  @Default("1") @Min(1) @Max(64)
  public Integer cpus = 1;

  @JsonPropertyDescription("Guest memory as a whole number of Mi or Gi, e.g. 128Mi or 2Gi (restart required to change).")
  @Required @Pattern("^[1-9][0-9]{0,6}(Mi|Gi)$")
  public String memory;

  @JsonPropertyDescription("QEMU machine type; fixed for the life of the VM.")
  @Default("pc")
  @ValidationRule(value = "self == oldSelf", message = "machine is immutable; delete and recreate the VM to change it")
  public MachineType machine = MachineType.pc;

  @JsonPropertyDescription("Run on exactly this node.")
  @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
  public String nodeName;

  @JsonPropertyDescription("Run on a node whose labels include all of these.")
  public Map<String, String> nodeSelector;

  @JsonPropertyDescription("Disks, attached in this order.")
  @Size(max = 64)
  public List<Disk> disks = new ArrayList<>();

  @JsonPropertyDescription("SCSI controllers; more are added automatically when scsi disks need them.")
  @Size(max = 8)
  public List<ScsiController> scsiControllers;

  @JsonPropertyDescription("ISA serial ports.")
  @Size(max = 4)
  public List<CharDevice> serials;

  @JsonPropertyDescription("Virtio consoles (hvc).")
  @Size(max = 1)
  public List<CharDevice> consoles;

  @JsonPropertyDescription("Parallel ports.")
  @Size(max = 3)
  public List<CharDevice> parallels;

  @JsonPropertyDescription("Virtio-serial channels with stable port numbers.")
  @Size(max = 30)
  public List<Channel> channels;

  @JsonPropertyDescription("Remote display.")
  public Graphics graphics;
}
