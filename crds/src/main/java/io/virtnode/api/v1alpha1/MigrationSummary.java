package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/** The VM's view of its active VirtualMachineMigration, copied from it by the controller. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationSummary {
  @JsonPropertyDescription("Name of the active VirtualMachineMigration, in the VM's namespace.")
  @Size(max = Bounds.DNS_SUBDOMAIN)
  public String name;

  @JsonPropertyDescription("Its phase.")
  public MigrationPhase phase;

  @JsonPropertyDescription("Node the VM is moving to.")
  @Size(max = Bounds.DNS_SUBDOMAIN)
  public String targetNode;

  @JsonPropertyDescription("Transfer progress in percent.")
  @Min(0) @Max(100)
  public Integer percent;
}
