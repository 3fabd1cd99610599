package io.virtnode.operator;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** virtnode agent: the node agent, against the cluster of the current kubeconfig or in-cluster config. */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Run the node agent: start, drive and watch the QEMUs of the VMs placed on this node.")
class AgentCommand implements Callable<Integer> {
  @Option(names = "--node", description = "Node name (default: $NODE_NAME).")
  String node;

  @Option(names = "--config", description = "Agent settings YAML file.")
  Path config;

  @Override public Integer call() throws Exception {
    String name = node != null ? node : System.getenv("NODE_NAME");
    if (name == null || name.isBlank()) {
      System.err.println("virtnode agent: no node name; pass --node or set NODE_NAME");
      return 2;
    }
    var client = new KubernetesClientBuilder().build();
    AgentNode agent = AgentNode.start(client, name, AgentSettings.load(config));
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close(); // VMs keep running; the next agent reconnects to them
      done.countDown();
    }));
    done.await();
    return 0;
  }
}
