package io.virtnode.operator;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** virtnode controller: cluster-wide placement, with leader election. */
@Command(name = "controller", mixinStandardHelpOptions = true,
    description = "Run the controller: place VirtualMachines onto nodes.")
class ControllerCommand implements Callable<Integer> {
  @Option(names = "--leader-election-namespace", description = "Namespace of the leader lease; empty disables it.",
      defaultValue = "${env:POD_NAMESPACE:-}")
  String leaseNamespace;

  @Override public Integer call() throws Exception {
    var client = new KubernetesClientBuilder().build();
    var election = leaseNamespace == null || leaseNamespace.isBlank() ? null
        : new LeaderElectionConfiguration("virtnode-controller", leaseNamespace);
    ControllerNode controller = ControllerNode.start(client, election);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      controller.close();
      done.countDown();
    }));
    done.await();
    return 0;
  }
}
