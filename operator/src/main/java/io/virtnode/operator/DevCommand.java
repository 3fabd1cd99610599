package io.virtnode.operator;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.virtnode.operator.devserver.DevApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** virtnode dev: an API server in this process, the controller and an agent for node "local". */
@Command(name = "dev", mixinStandardHelpOptions = true,
    description = "Run an embedded API server, the controller and an agent for this host (node 'local').")
class DevCommand implements Callable<Integer> {
  static final String NODE = "local";

  @Option(names = "--api-port", defaultValue = "16443", description = "API server port; 0 picks a free one.")
  int apiPort;

  @Option(names = "--kubeconfig", defaultValue = ".virtnode/kubeconfig", description = "kubeconfig to write.")
  Path kubeconfig;

  @Option(names = "--state-dir", defaultValue = ".virtnode",
      description = "State directory: the API server's objects (api/) and the agent's state (state/).")
  Path stateDir;

  @Option(names = "--config", description = "Agent settings YAML (stateDir is taken from --state-dir).")
  Path config;

  @Option(names = "--apply", description = "Manifest file or directory to apply once everything runs.")
  Path apply;

  @Option(names = "--cleanup", description = "On exit, also stop the VMs (default: they keep running).")
  boolean cleanup;

  @Override public Integer call() throws Exception {
    AgentSettings settings = AgentSettings.load(config);
    settings.stateDir = stateDir.resolve("state").toString();
    for (var root : settings.effectiveStorageRoots()) Files.createDirectories(root.base("default"));
    DevApiServer server = DevApiServer.start(apiPort, stateDir.resolve("api"));
    server.installCrdsFromClasspath();
    Files.createDirectories(kubeconfig.toAbsolutePath().getParent());
    server.writeKubeconfig(kubeconfig);
    KubernetesClient client = server.kubernetesClient();
    registerNode(client);
    ControllerNode controller = ControllerNode.start(client, null);
    AgentNode agent = AgentNode.start(client, NODE, settings);
    System.out.println("virtnode dev: API server on " + server.url() + " (port " + server.port() + ")");
    System.out.println("virtnode dev: export KUBECONFIG=" + kubeconfig.toAbsolutePath());
    agent.health().ifPresent(h -> System.out.println("virtnode dev: health " + h.url() + "/healthz, " + h.url()
        + "/readyz, metrics " + h.url() + "/metrics"));
    if (apply != null) {
      Manifests.apply(client, apply).forEach(f -> System.out.println("virtnode dev: applied " + f));
    }
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (cleanup) agent.closeAndKillVms(); else agent.close();
      controller.close();
      server.close();
      done.countDown();
    }));
    done.await();
    return 0;
  }

  static void registerNode(KubernetesClient client) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE)
        .addToLabels("kubernetes.io/hostname", NODE).endMetadata().build()).createOr(n -> n.patch());
  }
}
