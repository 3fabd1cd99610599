package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** What the agent observes of one VM interface on the node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InterfaceStatus {
  @JsonPropertyDescription("Interface name from the spec.")
  @Required @Size(max = Bounds.DNS_LABEL)
  public String name;

  @JsonPropertyDescription("Name of the macvtap device on the node.")
  @Size(max = Bounds.LINK_NAME)
  public String macvtap;

  @JsonPropertyDescription("Interface index of the macvtap on the node.")
  @Min(1)
  public Long ifindex;

  @JsonPropertyDescription("MAC address the guest NIC uses.")
  @Size(max = Bounds.MAC)
  public String macAddress;

  @JsonPropertyDescription("Guest PCI address of the NIC, e.g. 0000:00:04.0.")
  @Size(max = Bounds.GUEST_ADDRESS)
  public String pciAddress;

  @JsonPropertyDescription("Carrier of the macvtap: Up, Down or Unknown.")
  public LinkState linkState;

  @JsonPropertyDescription("Port-profile association: Associated, InProgress, Failed or None (no profile).")
  public PortAssociationState portProfileState;

  @JsonPropertyDescription("Detail on the association or the interface, saying what to do when something is wrong.")
  @Size(max = Bounds.FACT)
  public String message;
}
