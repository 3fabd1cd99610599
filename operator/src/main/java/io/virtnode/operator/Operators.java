package io.virtnode.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;

/** JOSDK operators configured the way virtnode needs them against any API server. */
final class Operators {
  private Operators() {}

  /**
   * Status and metadata are written with JSON merge patches (no server-side apply: the agent and the
   * controller each write only their own fields, and the embedded API server has no field managers).
   */
  static Operator create(KubernetesClient client, LeaderElectionConfiguration leaderElection) {
    return new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withUseSSAToPatchPrimaryResource(false)
          .withStopOnInformerErrorDuringStartup(true);
      if (leaderElection != null) o.withLeaderElectionConfiguration(leaderElection);
    });
  }
}
