package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What the node's agent reads from sysfs (and the pci.ids database), and which VM holds the device. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = ListMapCustomizer.class, input = "conditions=type")
public class HostDeviceStatus {
  @JsonPropertyDescription("PCI vendor id, e.g. 0x8086.")
  @Size(max = Bounds.WORD)
  public String vendorId;

  @JsonPropertyDescription("Vendor name from pci.ids, when known.")
  @Size(max = Bounds.PCI_NAME)
  public String vendorName;

  @JsonPropertyDescription("PCI device id, e.g. 0x10d3.")
  @Size(max = Bounds.WORD)
  public String deviceId;

  @JsonPropertyDescription("Device name from pci.ids, when known.")
  @Size(max = Bounds.PCI_NAME)
  public String deviceName;

  @JsonPropertyDescription("PCI class code, e.g. 0x020000.")
  @Size(max = Bounds.WORD)
  public String classId;

  @JsonPropertyDescription("Class name from pci.ids, e.g. Ethernet controller.")
  @Size(max = Bounds.PCI_NAME)
  public String className;

  @JsonPropertyDescription("Driver bound now (none when absent), e.g. e1000e or vfio-pci.")
  @Size(max = Bounds.PCI_NAME)
  public String driver;

  @JsonPropertyDescription("Host driver the device had before it was detached for passthrough; restored in mode Host.")
  @Size(max = Bounds.PCI_NAME)
  public String originalDriver;

  @JsonPropertyDescription("Content of the device's driver_override in sysfs, when set.")
  @Size(max = Bounds.PCI_NAME)
  public String driverOverride;

  @JsonPropertyDescription("IOMMU group number; absent when the node has no IOMMU for the device.")
  @Min(0)
  public Integer iommuGroup;

  @JsonPropertyDescription("PCI addresses of every device of the IOMMU group, this one included.")
  @Size(max = Bounds.IOMMU_GROUP_MEMBERS)
  public List<@Size(max = Bounds.HOST_PCI_ADDRESS) String> iommuGroupMembers;

  @JsonPropertyDescription("NUMA node of the device; -1 when the node reports none.")
  @Min(-1)
  public Integer numaNode;

  @JsonPropertyDescription("Whether the host needs the device, and what needs it.")
  public HostCriticality hostCritical;

  @JsonPropertyDescription("The VM holding the device, while one does (a device is held by one VM at a time).")
  public VmReference assignedTo;

  @JsonPropertyDescription("False when the device is no longer on the node (kept while a VM refers to it).")
  public Boolean present;

  @JsonPropertyDescription("Spec generation the agent last acted on.")
  @Min(0)
  public Long observedGeneration;

  @JsonPropertyDescription("Ready (bound as the mode asks) and Blocked (reasons InUse, HostCritical, GroupInUse)"
      + " conditions.")
  @Size(max = Bounds.CONDITIONS)
  public List<Condition> conditions = new ArrayList<>();
}
