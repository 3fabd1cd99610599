package io.virtnode.operator.plugin;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/** Finds the virtnode agent pod of a node, to tell a user where a VM's host-side files are. */
final class AgentPods {
  /** The label the agent DaemonSet's pods carry. */
  static final String LABEL = "app.kubernetes.io/name";
  static final String VALUE = "virtnode-agent";

  private AgentPods() {
  }

  /** "-n NAMESPACE POD" of the agent on {@code node}, if the user may list pods and one runs there. */
  static Optional<String> onNode(KubernetesClient client, String node) {
    if (node == null) return Optional.empty();
    try {
      return client.pods().inAnyNamespace().withLabel(LABEL, VALUE).list().getItems().stream()
          .filter(pod -> pod.getSpec() != null && node.equals(pod.getSpec().getNodeName()))
          .map(AgentPods::ref).findFirst();
    } catch (KubernetesClientException e) {
      return Optional.empty(); // not allowed to list pods: the caller explains without the pod's name
    }
  }

  private static String ref(Pod pod) {
    return "-n " + pod.getMetadata().getNamespace() + " " + pod.getMetadata().getName();
  }
}
