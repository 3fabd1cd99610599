package io.virtnode.node.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Runs several drivers as one: labels in order (undoing earlier drivers on failure), restores in reverse. */
public final class StackedLabeler implements SecurityLabeler {
  private final List<SecurityLabeler> drivers;

  public StackedLabeler(List<SecurityLabeler> drivers) {
    this.drivers = List.copyOf(drivers);
  }

  @Override
  public void label(String vmId, LabelTarget target) throws IOException {
    for (int i = 0; i < drivers.size(); i++) {
      try {
        drivers.get(i).label(vmId, target);
      } catch (IOException | RuntimeException e) {
        for (int j = i - 1; j >= 0; j--) {
          try {
            drivers.get(j).restore(vmId, target, RestorePolicy.NORMAL);
          } catch (IOException | RuntimeException undo) {
            e.addSuppressed(undo);
          }
        }
        throw e;
      }
    }
  }

  @Override
  public void restore(String vmId, LabelTarget target, RestorePolicy policy) throws IOException {
    each(d -> d.restore(vmId, target, policy));
  }

  @Override
  public void restoreAll(String vmId, RestorePolicy policy) throws IOException {
    each(d -> d.restoreAll(vmId, policy));
  }

  /** One driver step. */
  private interface Step { void run(SecurityLabeler driver) throws IOException; }

  /** Every driver in reverse order, even when one fails; the first failure is thrown, the rest suppressed. */
  private void each(Step step) throws IOException {
    List<Exception> failures = new ArrayList<>();
    for (int i = drivers.size() - 1; i >= 0; i--) {
      try {
        step.run(drivers.get(i));
      } catch (IOException | RuntimeException e) {
        failures.add(e);
      }
    }
    if (failures.isEmpty()) {
      return;
    }
    Exception first = failures.get(0);
    failures.subList(1, failures.size()).forEach(first::addSuppressed);
    if (first instanceof IOException io) {
      throw io;
    }
    throw (RuntimeException) first;
  }
}
