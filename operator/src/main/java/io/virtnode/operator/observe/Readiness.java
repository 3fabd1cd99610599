package io.virtnode.operator.observe;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Named readiness checks; each says what is not ready yet, or nothing when it is. */
public final class Readiness {
  private final Map<String, Supplier<Optional<String>>> checks = new ConcurrentHashMap<>();

  /** Adds (or replaces) a check; it must be cheap and must not block. */
  public Readiness add(String name, Supplier<Optional<String>> check) {
    checks.put(name, check);
    return this;
  }

  /** What is not ready, one line per failing check ("name: why"), sorted; empty when ready. */
  public List<String> problems() {
    return checks.entrySet().stream().sorted(Map.Entry.comparingByKey()).flatMap(e -> {
      Optional<String> problem;
      try {
        problem = e.getValue().get();
      } catch (RuntimeException ex) {
        problem = Optional.of("check failed: " + ex.getMessage());
      }
      return problem.map(p -> e.getKey() + ": " + p).stream();
    }).toList();
  }
}
