package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A host PCI device (a HostDevice of the VM's node) given to the guest; can be hot-plugged and unplugged. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HostDeviceAttachment {
  @JsonPropertyDescription("Name of the device in the VM, unique in the VM (DNS label).")
  @Required @Pattern(Bounds.DNS_LABEL_PATTERN) @Size(max = Bounds.DNS_LABEL)
  public String name;

  @JsonPropertyDescription("Name of the cluster-scoped HostDevice to use; it must be on the VM's node, and is"
      + " detached from its host driver at VM start when managed.")
  @Required @Pattern(Bounds.DNS_SUBDOMAIN_PATTERN) @Size(max = Bounds.DNS_SUBDOMAIN)
  public String hostDeviceRef;

  @JsonPropertyDescription("Guest PCI address bus:slot.function (hex, e.g. 00:07.0); chosen by the agent and kept"
      + " stable when absent.")
  @Pattern(Bounds.GUEST_PCI_ADDRESS_PATTERN) @Size(max = Bounds.GUEST_PCI_ADDRESS)
  public String address;
}
