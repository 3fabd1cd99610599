package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
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
@ValidationRule(value = "!has(self.interfaces) || self.interfaces.all(i, self.interfaces.exists_one(j, j.name == i.name))",
    message = "interface names must be unique")
@ValidationRule(value = "!has(self.interfaces) || self.interfaces.all(i, !has(i.macAddress)"
    + " || self.interfaces.exists_one(j, has(j.macAddress) && j.macAddress == i.macAddress))",
    message = "interface MAC addresses must be unique")
@ValidationRule(value = "!has(self.interfaces) || self.interfaces.all(i, i.mode != 'Passthrough'"
    + " || self.interfaces.exists_one(j, j.link == i.link))",
    message = "a Passthrough interface takes its whole link: no other interface of the VM may use that link")
@ValidationRule(value = "!has(self.hostDevices) || self.hostDevices.all(d, self.hostDevices.exists_one(e, e.name == d.name))",
    message = "host device names must be unique")
@ValidationRule(value = "!has(self.hostDevices) || self.hostDevices.all(d, self.hostDevices.exists_one(e, e.hostDeviceRef == d.hostDeviceRef))",
    message = "a HostDevice can be given to a VM only once")
@ValidationRule(value = "!has(self.hostDevices) || self.hostDevices.all(d, !has(d.address)"
    + " || self.hostDevices.exists_one(e, has(e.address) && e.address == d.address))",
    message = "host device guest addresses must be unique")
@ValidationRule(value = "!has(self.nodeName) || !has(self.nodeSelector)",
    message = "set either nodeName or nodeSelector, not both")
@ValidationRule(value = "has(self.nodeName) == has(oldSelf.nodeName) && (!has(self.nodeName) || self.nodeName == oldSelf.nodeName)",
    message = "nodeName is immutable; delete and recreate the VM to place it elsewhere")
@ValidationRule(value = "has(self.nodeSelector) == has(oldSelf.nodeSelector) && (!has(self.nodeSelector) || self.nodeSelector == oldSelf.nodeSelector)",
    message = "nodeSelector is immutable; delete and recreate the VM to place it elsewhere")
@SchemaCustomizer(value = DeepMergeCustomizer.class, input = "{\"properties\":{\"nodeSelector\":"
    + "{\"additionalProperties\":{\"maxLength\":63,\"pattern\":\"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$\","
    + "\"description\":\"Label value the node must carry.\"}}}}")
public class VirtualMachineSpec {
  @JsonPropertyDescription("Desired run state: Running, Paused (started with CPUs stopped) or Stopped.")
  @Default("Running")
  public VmState state = VmState.Running;

  @JsonPropertyDescription("Number of virtual CPUs (restart required to change).")
  @Default("1") @Min(1) @Max(64)
  public Integer cpus = 1;

  @JsonPropertyDescription("Guest memory as a whole number of Mi or Gi, e.g. 128Mi or 2Gi (restart required to change).")
  @Required @Pattern(Bounds.SIZE_PATTERN) @Size(max = Bounds.SIZE)
  public String memory;

  @JsonPropertyDescription("QEMU machine type; fixed for the life of the VM.")
  @Default("pc")
  @ValidationRule(value = "self == oldSelf", message = "machine is immutable; delete and recreate the VM to change it")
  public MachineType machine = MachineType.pc;

  @JsonPropertyDescription("Run on exactly this node.")
  @Pattern(Bounds.DNS_SUBDOMAIN_PATTERN) @Size(max = Bounds.DNS_SUBDOMAIN)
  public String nodeName;

  @JsonPropertyDescription("Run on a node whose labels include all of these (label values of at most 63 characters).")
  @Size(max = Bounds.NODE_SELECTOR_ENTRIES)
  public Map<String, String> nodeSelector;

  @JsonPropertyDescription("Disks, attached in this order.")
  @Size(max = Bounds.DISKS)
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

  @JsonPropertyDescription("Spare pcie-root-port controllers added on q35 machines so disks and NICs can be hot-plugged;"
      + " ignored on pc.")
  @Default("4") @Min(0) @Max(32)
  public Integer pcieRootPorts = 4;

  @JsonPropertyDescription("Remote display.")
  public Graphics graphics;

  @JsonPropertyDescription("Network interfaces, attached in this order; can be hot-plugged and unplugged.")
  @Size(max = Bounds.INTERFACES)
  public List<Interface> interfaces;

  @JsonPropertyDescription("Host PCI devices given to the guest; can be hot-plugged and unplugged.")
  @Size(max = Bounds.HOST_DEVICES)
  public List<HostDeviceAttachment> hostDevices;
}
