package io.virtnode.operator.devserver.apply;

import java.util.List;

/** An apply that would change fields another manager owns; carries each conflict. */
public final class ApplyConflictException extends Exception {
  /** One field owned by another manager. */
  public record Conflict(String manager, String field) {
  }

  private final List<Conflict> conflicts;

  public ApplyConflictException(String message, List<Conflict> conflicts) {
    super(message);
    this.conflicts = List.copyOf(conflicts);
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }
}
