package io.virtnode.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.virtnode.reconcile.migration.MigrationReconciler;
import io.virtnode.reconcile.placement.ClientPlacements;
import io.virtnode.reconcile.placement.PlacementReconciler;
import io.virtnode.reconcile.status.ApplyStatusWriter;
import io.virtnode.reconcile.status.StatusOwner;
import java.time.Clock;

/** The cluster-wide controller: placement of VirtualMachines onto nodes, and their migrations. */
public final class ControllerNode implements AutoCloseable {
  private final Operator operator;

  private ControllerNode(Operator operator) { this.operator = operator; }

  /** Starts the controller; leaderElection may be null (single replica, dev). */
  public static ControllerNode start(KubernetesClient client, LeaderElectionConfiguration leaderElection) {
    Operator op = Operators.create(client, leaderElection);
    op.register(new PlacementReconciler(Clock.systemUTC(), new ApplyStatusWriter(client, StatusOwner.CONTROLLER),
        new ClientPlacements(client)));
    op.register(new MigrationReconciler(Clock.systemUTC()));
    op.start();
    return new ControllerNode(op);
  }

  @Override public void close() { operator.stop(); }
}
