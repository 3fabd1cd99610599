package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** One node's side of a migration, as its agent reports it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationEndpoint {
  @JsonPropertyDescription("The node.")
  @Pattern(Bounds.DNS_SUBDOMAIN_PATTERN) @Size(max = Bounds.DNS_SUBDOMAIN)
  public String node;

  @JsonPropertyDescription("What this side is doing, e.g. Preparing, Listening, Mirroring, Sending, PausedForSwitchover,"
      + " Completed, Resumed, CleanedUp or Failed.")
  @Size(max = Bounds.WORD)
  public String state;

  @JsonPropertyDescription("Host process id of this side's QEMU.")
  public Long pid;

  @JsonPropertyDescription("Target only: where the source sends RAM (host:port, never loopback across nodes).")
  @Size(max = Bounds.ENDPOINT)
  public String address;

  @JsonPropertyDescription("Target only: where the source mirrors node-local disks over NBD (host:port).")
  @Size(max = Bounds.ENDPOINT)
  public String diskAddress;

  @JsonPropertyDescription("RFC 3339 time this side's job started.")
  @Size(max = Bounds.TIME)
  public String jobStarted;

  @JsonPropertyDescription("Why this side failed, in a sentence that says what to do.")
  @Size(max = Bounds.FACT)
  public String message;
}
