package io.virtnode.reconcile.status;

import io.virtnode.api.v1alpha1.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Pure condition-list helpers: set a condition keeping lastTransitionTime when its status did not change. */
public final class Conditions {
  private Conditions() {}

  /** Returns a new list with c put in place of the condition of the same type. */
  public static List<Condition> set(List<Condition> current, Condition c, long generation, Instant now) {
    List<Condition> out = new ArrayList<>();
    boolean replaced = false;
    for (Condition old : current == null ? List.<Condition>of() : current) {
      if (old.type.equals(c.type)) {
        out.add(merged(old, c, generation, now));
        replaced = true;
      } else {
        out.add(old);
      }
    }
    if (!replaced) out.add(merged(null, c, generation, now));
    return out;
  }

  /** Returns a new list without the condition of that type. */
  public static List<Condition> remove(List<Condition> current, String type) {
    List<Condition> out = new ArrayList<>(current == null ? List.of() : current);
    out.removeIf(c -> c.type.equals(type));
    return out;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty() : conditions.stream().filter(c -> c.type.equals(type)).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.status)).orElse(false);
  }

  private static Condition merged(Condition old, Condition c, long generation, Instant now) {
    Condition n = new Condition(c.type, c.status, c.reason, c.message);
    n.observedGeneration = generation;
    n.lastTransitionTime = old != null && old.status.equals(c.status) && old.lastTransitionTime != null
        ? old.lastTransitionTime : now.truncatedTo(ChronoUnit.SECONDS).toString();
    return n;
  }
}
