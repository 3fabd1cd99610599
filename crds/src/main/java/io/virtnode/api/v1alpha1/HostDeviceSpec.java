package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Which device, and who drives it. The agent creates it with mode Host and never overwrites what a user sets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HostDeviceSpec {
  @JsonPropertyDescription("Node the device is in. Immutable.")
  @Required @Pattern(Bounds.DNS_SUBDOMAIN_PATTERN) @Size(max = Bounds.DNS_SUBDOMAIN)
  @ValidationRule(value = "self == oldSelf", message = "nodeName is immutable; a HostDevice is one device of one node")
  public String nodeName;

  @JsonPropertyDescription("PCI address domain:bus:slot.function as sysfs names it, e.g. 0000:03:00.0. Immutable.")
  @Required @Pattern(Bounds.HOST_PCI_ADDRESS_PATTERN) @Size(max = Bounds.HOST_PCI_ADDRESS)
  @ValidationRule(value = "self == oldSelf", message = "address is immutable; a HostDevice is one device of one node")
  public String address;

  @JsonPropertyDescription("Host: bound to its host driver. Passthrough: bound to vfio-pci so a VM can use it."
      + " Refused (condition Blocked) while a VM holds the device or its IOMMU group, and for host-critical devices.")
  @Default("Host")
  public HostDeviceMode mode = HostDeviceMode.Host;

  @JsonPropertyDescription("Detach from the host driver when a VM starts with the device and give it back when the"
      + " VM stops; when false the device must already be in mode Passthrough.")
  @Default("true")
  public Boolean managed = true;
}
