package io.virtnode.operator.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationStatus;
import java.util.concurrent.TimeUnit;

/** Follows a migration by watch, drawing a progress bar from status.progress.percent and status.phase. */
final class MigrationFollower {
  private static final int WIDTH = 30;

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final PluginIo io;
  private String lastLine;

  MigrationFollower(KubernetesClient client, String namespace, String name, PluginIo io) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.io = io;
  }

  /** Follows until a terminal phase or deletion; 0 only when it Succeeded. */
  int follow(long timeoutSeconds) {
    VirtualMachineMigration last;
    try {
      last = client.resources(VirtualMachineMigration.class).inNamespace(namespace).withName(name)
          .waitUntilCondition(this::showAndCheck, timeoutSeconds, TimeUnit.SECONDS);
    } catch (KubernetesClientTimeoutException e) {
      endLine();
      throw new PluginException("migration " + namespace + "/" + name + " did not end within " + timeoutSeconds
          + " s (last: " + lastLine + "); it goes on: kubectl get vmm -n " + namespace + " " + name,
          PluginException.TIMED_OUT);
    }
    endLine();
    if (last == null) throw new PluginException("migration " + namespace + "/" + name + " was deleted before it ended");
    VirtualMachineMigrationStatus status = last.getStatus();
    if (status.phase == MigrationPhase.Succeeded) {
      String node = status.target != null && status.target.node != null ? " on node " + status.target.node : "";
      io.out().println("migration " + namespace + "/" + name + ": Succeeded: " + last.getSpec().vmName + " runs"
          + node);
      return 0;
    }
    StringBuilder text = new StringBuilder("migration " + namespace + "/" + name + ": " + status.phase);
    if (status.failure != null) {
      text.append(": ").append(status.failure.reason);
      if (status.failure.message != null) text.append(": ").append(status.failure.message);
      if (status.failure.phase != null) text.append(" (in phase ").append(status.failure.phase).append(")");
    }
    io.out().println(text);
    return PluginException.FAILED;
  }

  private boolean showAndCheck(VirtualMachineMigration migration) {
    if (migration == null) return true;
    VirtualMachineMigrationStatus status = migration.getStatus();
    Integer percent = status == null || status.progress == null ? null : status.progress.percent;
    String phase = status == null || status.phase == null ? null : status.phase.name();
    show(ProgressBar.render(percent, phase, WIDTH));
    return status != null && status.phase != null && status.phase.terminal();
  }

  /** On a terminal the bar is redrawn in place; otherwise each change is one line. */
  private synchronized void show(String line) {
    if (line.equals(lastLine)) return;
    lastLine = line;
    if (io.interactive()) {
      io.out().print("\r" + line);
    } else {
      io.out().println(line);
    }
    io.out().flush();
  }

  private synchronized void endLine() {
    if (io.interactive() && lastLine != null) io.out().println();
  }
}
