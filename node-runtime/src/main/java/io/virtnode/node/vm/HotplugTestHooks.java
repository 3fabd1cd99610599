package io.virtnode.node.vm;

import java.util.function.Consumer;

/**
 * A point tests can stop a hotplug at (as if the agent were killed there): each step of a hotplug reports
 * the phase it reached. Nothing listens in production.
 */
public final class HotplugTestHooks {
  private static volatile Consumer<String> listener;

  private HotplugTestHooks() {}

  /** Sets (or with null clears) the listener; an Error it throws ends the hotplug without any undo. */
  public static void listen(Consumer<String> l) { listener = l; }

  static void reached(String phase) {
    Consumer<String> l = listener;
    if (l != null) l.accept(phase);
  }
}
