package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A Kubernetes-style condition (the schema of metav1.Condition): one observed aspect of a resource, keyed by type. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = DeepMergeCustomizer.class, input = "{\"properties\":{"
    + "\"status\":{\"enum\":[\"True\",\"False\",\"Unknown\"]},"
    + "\"lastTransitionTime\":{\"format\":\"date-time\"}}}")
public class Condition {
  @JsonPropertyDescription("Condition type in CamelCase, e.g. Ready.")
  @Required @Pattern(Bounds.CONDITION_TYPE_PATTERN) @Size(max = Bounds.CONDITION_TYPE)
  public String type;

  @JsonPropertyDescription("Status of the condition: True, False or Unknown.")
  @Required
  public String status;

  @JsonPropertyDescription("One-word CamelCase reason for the last transition.")
  @Pattern(Bounds.CONDITION_REASON_PATTERN) @Size(min = 1, max = Bounds.CONDITION_REASON)
  public String reason;

  @JsonPropertyDescription("Human-readable detail, saying what to do when something is wrong.")
  @Size(max = Bounds.CONDITION_MESSAGE)
  public String message;

  @JsonPropertyDescription("RFC 3339 time the status last changed.")
  @Size(max = Bounds.TIME)
  public String lastTransitionTime;

  @JsonPropertyDescription("Generation of the spec this condition was computed from.")
  @Min(0)
  public Long observedGeneration;

  public Condition() {}

  /** A condition; a message longer than the API allows is clipped, so the status write is never refused. */
  public Condition(String type, String status, String reason, String message) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = clip(message);
  }

  /** True when type, status, reason and message match (times and generation ignored). */
  public boolean sameAs(Condition other) {
    return other != null && Objects.equals(type, other.type) && Objects.equals(status, other.status)
        && Objects.equals(reason, other.reason) && Objects.equals(message, other.message);
  }

  @Override public boolean equals(Object o) {
    return o instanceof Condition c && sameAs(c) && Objects.equals(lastTransitionTime, c.lastTransitionTime)
        && Objects.equals(observedGeneration, c.observedGeneration);
  }

  @Override public int hashCode() { return Objects.hash(type, status, reason, message); }

  @Override public String toString() { return type + "=" + status + " (" + reason + ": " + message + ")"; }

  private static String clip(String message) {
    if (message == null || message.codePointCount(0, message.length()) <= Bounds.CONDITION_MESSAGE) return message;
    String marker = " …";
    return message.substring(0, message.offsetByCodePoints(0, Bounds.CONDITION_MESSAGE - marker.length())) + marker;
  }
}
