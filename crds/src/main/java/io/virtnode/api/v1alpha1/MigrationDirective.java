package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** What the controller asks of the agents: which VM, which node sends, which receives, and the tuning to apply now. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationDirective {
  @JsonPropertyDescription("Uid of the VirtualMachine this migration moves, recorded when it was admitted; a VM of"
      + " the same name with another uid is not this migration's.")
  @Size(max = Bounds.DNS_SUBDOMAIN)
  public String vmUid;

  @JsonPropertyDescription("Node the VM moves from: its agent runs the source side.")
  @Pattern(Bounds.DNS_SUBDOMAIN_PATTERN) @Size(max = Bounds.DNS_SUBDOMAIN)
  public String sourceNode;

  @JsonPropertyDescription("Node the VM moves to: its agent runs the target side. Set once chosen.")
  @Pattern(Bounds.DNS_SUBDOMAIN_PATTERN) @Size(max = Bounds.DNS_SUBDOMAIN)
  public String targetNode;

  @JsonPropertyDescription("Downtime limit the source applies now, in milliseconds; raised step by step up to"
      + " spec.downtimeLimitMilliseconds when progress stalls.")
  @Min(1) @Max(60000)
  public Integer downtimeLimitMilliseconds;

  @JsonPropertyDescription("True once the source must turn auto-converge on (CPU throttling).")
  public Boolean autoConverge;

  @JsonPropertyDescription("True once the source must switch the transfer to post-copy.")
  public Boolean postCopy;
}
