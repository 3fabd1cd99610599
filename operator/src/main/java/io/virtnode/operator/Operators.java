package io.virtnode.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;

/** JOSDK operators configured the way virtnode needs them against any API server. */
final class Operators {
  private Operators() {}

  /**
   * JOSDK patches the primary resource (finalizers) by server-side apply; status is applied by the
   * reconcilers themselves, each writer with its own field manager (ApplyStatusWriter, StatusOwner), so the
   * API server keeps the controller's fields and the agent's apart.
   */
  static Operator create(KubernetesClient client, LeaderElectionConfiguration leaderElection) {
    return new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withUseSSAToPatchPrimaryResource(true)
          .withStopOnInformerErrorDuringStartup(true);
      if (leaderElection != null) o.withLeaderElectionConfiguration(leaderElection);
    });
  }
}
