package io.virtnode.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;

/** JOSDK operators configured the way virtnode needs them against any API server. */
final class Operators {
  private Operators() {}

  /**
   * Status and metadata are written by the reconcilers themselves as JSON merge patches of only their own
   * fields (StatusOwner: the controller nodeName and Scheduled, the agent the rest). Once the API server
   * has server-side apply, switch with: withUseSSAToPatchPrimaryResource(true) here, a field manager per
   * writer at registration (withFieldManager(StatusOwner.X.fieldManager(node))), and MergePatchStatusWriter
   * sending the same document as an apply patch.
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
