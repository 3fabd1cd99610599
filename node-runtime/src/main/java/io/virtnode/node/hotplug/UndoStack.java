package io.virtnode.node.hotplug;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The undo of each step done so far, run in reverse order when a later step fails. */
final class UndoStack {
  private static final Logger LOG = LoggerFactory.getLogger(UndoStack.class);

  /** One undo action. */
  interface Undo {
    void run() throws Exception;
  }

  private record Step(String name, Undo undo) {}

  private final Deque<Step> steps = new ArrayDeque<>();

  void push(String name, Undo undo) { steps.push(new Step(name, undo)); }

  /** Runs every undo, newest first; failures are added to failure as suppressed. Returns true if all ran. */
  boolean unwind(Throwable failure) {
    boolean complete = true;
    while (!steps.isEmpty()) {
      Step step = steps.pop();
      try {
        step.undo().run();
      } catch (Exception e) {
        complete = false;
        LOG.error("undoing {} failed: {}", step.name(), e.getMessage());
        failure.addSuppressed(new Exception("undoing " + step.name() + " failed: " + e.getMessage(), e));
      }
    }
    return complete;
  }
}
