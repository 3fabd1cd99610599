package io.virtnode.operator.plugin;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * How the plugin finds the cluster, as kubectl does: {@code --kubeconfig}, else {@code KUBECONFIG}, else
 * {@code ~/.kube/config} (or the in-cluster service account); {@code --context}; {@code -n}, else the
 * context's namespace, else {@code default}.
 */
public final class ClusterOptions {
  @Option(names = "--kubeconfig", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--context", scope = ScopeType.INHERIT, paramLabel = "NAME",
      description = "kubeconfig context (default: the current context).")
  String context;

  @Option(names = {"-n", "--namespace"}, scope = ScopeType.INHERIT, paramLabel = "NS",
      description = "Namespace (default: the context's namespace, else default).")
  String namespace;

  private Config config;

  /** The resolved client configuration. */
  Config config() {
    if (config == null) {
      if (kubeconfig != null) {
        File file = kubeconfig.toFile();
        if (!Files.isReadable(kubeconfig)) {
          throw new PluginException("kubeconfig " + kubeconfig + " does not exist or is not readable");
        }
        config = Config.fromKubeconfig(context, file);
      } else {
        config = Config.autoConfigure(context);
      }
      config.setRequestRetryBackoffLimit(0); // a command line fails fast; the user reruns it
    }
    return config;
  }

  /** A new client; the caller closes it. */
  KubernetesClient client() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** The namespace commands act in. */
  String namespace() {
    if (namespace != null) return namespace;
    String fromContext = config().getNamespace();
    return fromContext == null || fromContext.isBlank() ? "default" : fromContext;
  }
}
