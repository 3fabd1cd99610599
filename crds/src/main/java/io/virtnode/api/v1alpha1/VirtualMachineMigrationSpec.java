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

/** What the user asks of a migration; only cancel may change once it is created, and only to true. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.vmName == oldSelf.vmName", message = "vmName is immutable; create a new migration")
@ValidationRule(value = "has(self.targetNode) == has(oldSelf.targetNode) && (!has(self.targetNode) || self.targetNode == oldSelf.targetNode)",
    message = "targetNode is immutable; cancel and create a new migration")
@ValidationRule(value = "self.storage == oldSelf.storage && self.bandwidth == oldSelf.bandwidth"
    + " && self.downtimeLimitMilliseconds == oldSelf.downtimeLimitMilliseconds"
    + " && self.allowAutoConverge == oldSelf.allowAutoConverge && self.allowPostCopy == oldSelf.allowPostCopy"
    + " && self.completionTimeoutPerGiBSeconds == oldSelf.completionTimeoutPerGiBSeconds"
    + " && self.progressTimeoutSeconds == oldSelf.progressTimeoutSeconds",
    message = "only cancel can change once a migration exists; cancel and create a new migration")
@ValidationRule(value = "self.cancel || !oldSelf.cancel", message = "a cancelled migration cannot be resumed")
public class VirtualMachineMigrationSpec {
  @JsonPropertyDescription("Name of the VirtualMachine to move, in this namespace.")
  @Required @Pattern(Bounds.DNS_SUBDOMAIN_PATTERN) @Size(max = Bounds.DNS_SUBDOMAIN)
  public String vmName;

  @JsonPropertyDescription("Node to move the VM to; chosen like a placement when absent.")
  @Pattern(Bounds.DNS_SUBDOMAIN_PATTERN) @Size(max = Bounds.DNS_SUBDOMAIN)
  public String targetNode;

  @JsonPropertyDescription("Disks: Shared (all on storage both nodes see), CopyAll (copy every node-local disk)"
      + " or CopyTop (copy only the top layer of each disk over a base both nodes have).")
  @Default("Shared")
  public MigrationStorage storage = MigrationStorage.Shared;

  @JsonPropertyDescription("Most bytes per second the transfer may use, e.g. 64Mi; 0 means unlimited.")
  @Default("0") @Pattern(Bounds.BANDWIDTH_PATTERN) @Size(max = Bounds.SIZE)
  public String bandwidth = "0";

  @JsonPropertyDescription("Longest pause of the guest the final switchover may cause, in milliseconds.")
  @Default("300") @Min(1) @Max(60000)
  public Integer downtimeLimitMilliseconds = 300;

  @JsonPropertyDescription("Let QEMU throttle the guest's CPUs when memory is dirtied faster than it is sent.")
  @Default("false")
  public Boolean allowAutoConverge = false;

  @JsonPropertyDescription("Let the transfer switch to post-copy (the target runs and pulls missing pages) when"
      + " pre-copy does not converge; a network failure then loses the VM.")
  @Default("false")
  public Boolean allowPostCopy = false;

  @JsonPropertyDescription("Seconds per GiB of guest memory and copied disk the whole transfer may take before it"
      + " is aborted.")
  @Default("150") @Min(1) @Max(86400)
  public Integer completionTimeoutPerGiBSeconds = 150;

  @JsonPropertyDescription("Seconds without new progress (remaining bytes reaching a new low) before the controller"
      + " escalates, and finally aborts.")
  @Default("150") @Min(1) @Max(86400)
  public Integer progressTimeoutSeconds = 150;

  @JsonPropertyDescription("Set to true to cancel: the target is torn down and the VM keeps running on the source.")
  @Default("false")
  public Boolean cancel = false;
}
