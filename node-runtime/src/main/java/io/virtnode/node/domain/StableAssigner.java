package io.virtnode.node.domain;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Assigns integer addresses in [min, max] to ids: an id keeps its previous address when it is in range and
 * not taken (first pass, in id order), the others get the lowest free address (second pass).
 */
final class StableAssigner {
  private StableAssigner() {}

  /**
   * @param previous the id's previous address, or null
   * @param taken addresses no id may get (reserved or already assigned elsewhere)
   * @param exhausted the error when the range is full
   */
  static Map<String, Integer> assign(List<String> ids, Function<String, Integer> previous, int min, int max,
      Set<Integer> taken, PlanException exhausted) throws PlanException {
    Set<Integer> used = new HashSet<>(taken);
    Map<String, Integer> kept = new LinkedHashMap<>();
    for (String id : ids) {
      Integer prev = previous.apply(id);
      if (prev != null && prev >= min && prev <= max && used.add(prev)) {
        kept.put(id, prev);
      }
    }
    Map<String, Integer> result = new LinkedHashMap<>();
    int next = min;
    for (String id : ids) {
      Integer address = kept.get(id);
      if (address == null) {
        while (next <= max && used.contains(next)) {
          next++;
        }
        if (next > max) {
          throw exhausted;
        }
        address = next;
        used.add(next);
      }
      result.put(id, address);
    }
    return result;
  }
}
