package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One VM interface that uses a PortProfile, written by the agent of the VM's node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PortProfileUser {
  @JsonPropertyDescription("Namespace of the VM.")
  @Required @Size(max = Bounds.DNS_LABEL)
  public String namespace;

  @JsonPropertyDescription("Name of the VM.")
  @Required @Size(max = Bounds.DNS_SUBDOMAIN)
  public String vmName;

  @JsonPropertyDescription("Interface name in the VM.")
  @Required @Size(max = Bounds.DNS_LABEL)
  public String interfaceName;

  @JsonPropertyDescription("Node the VM runs on.")
  @Size(max = Bounds.DNS_SUBDOMAIN)
  public String node;

  @JsonPropertyDescription("Association state: Associated, InProgress, Failed or None.")
  public PortAssociationState state;
}
