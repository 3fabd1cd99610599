package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * What is observed of a migration. One writer per section: phase, phaseTimes, escalations, failure and
 * conditions, directive and watch belong to the controller, source and progress to the source agent, target to the target agent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = ListMapCustomizer.class, input = "conditions=type,phaseTimes=phase")
public class VirtualMachineMigrationStatus {
  @JsonPropertyDescription("Where the migration stands: Pending, Scheduling, TargetPreparing, TargetReady,"
      + " Transferring, Switchover, Succeeded, Aborting, Failed, Cancelling or Cancelled.")
  public MigrationPhase phase;

  @JsonPropertyDescription("Spec generation the controller last acted on.")
  @Min(0)
  public Long observedGeneration;

  @JsonPropertyDescription("When each phase was entered.")
  @Size(max = 16)
  public List<MigrationPhaseTime> phaseTimes;

  @JsonPropertyDescription("The source node's side, written by its agent.")
  public MigrationEndpoint source;

  @JsonPropertyDescription("The target node's side, written by its agent.")
  public MigrationEndpoint target;

  @JsonPropertyDescription("Transfer figures, written by the source agent about once a second.")
  public MigrationProgressStatus progress;

  @JsonPropertyDescription("Steps the controller took when progress stalled (downtime raised, auto-converge,"
      + " post-copy), oldest first.")
  @Size(max = 16)
  public List<MigrationEscalation> escalations;

  @JsonPropertyDescription("What the controller asks of the agents: source and target node, current tuning.")
  public MigrationDirective directive;

  @JsonPropertyDescription("The controller's stall watch over progress.")
  public MigrationWatch watch;

  @JsonPropertyDescription("Why the migration failed or was refused, and what to do about it.")
  public MigrationFailure failure;

  @JsonPropertyDescription("Ready (the VM runs on the target), Progressing and Failed conditions.")
  @Size(max = Bounds.CONDITIONS)
  public List<Condition> conditions = new ArrayList<>();
}
