package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A Kubernetes-style condition: one observed aspect of a resource, keyed by type. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {
  /** Condition type in CamelCase, e.g. Ready. */
  @Required public String type;
  /** True, False or Unknown. */
  @Required public String status;
  /** One-word CamelCase reason for the last transition. */
  public String reason;
  /** Human-readable detail, saying what to do when something is wrong. */
  public String message;
  /** RFC 3339 time of the last status change. */
  public String lastTransitionTime;
  /** Generation of the spec this condition was computed from. */
  public Long observedGeneration;

  public Condition() {}

  public Condition(String type, String status, String reason, String message) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
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
}
