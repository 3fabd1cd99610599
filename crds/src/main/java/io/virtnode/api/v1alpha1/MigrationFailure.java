package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Why a migration did not move its VM, in words a person can act on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationFailure {
  @JsonPropertyDescription("CamelCase reason, e.g. VmNotFound, VmNotRunning, SameNode, TargetUnschedulable,"
      + " PinnedToNode, HostDevicesAttached, AlreadyMigrating, CompletionTimeout, TargetFailed.")
  @Required @Pattern(Bounds.CONDITION_REASON_PATTERN) @Size(max = Bounds.CONDITION_REASON)
  public String reason;

  @JsonPropertyDescription("What happened and what to do.")
  @Size(max = Bounds.CONDITION_MESSAGE)
  public String message;

  @JsonPropertyDescription("The phase the migration was in when it failed.")
  public MigrationPhase phase;
}
