package io.virtnode.operator;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.virtnode.operator.observe.Endpoints;
import io.virtnode.operator.observe.HealthServer;
import io.virtnode.operator.observe.Readiness;
import io.virtnode.operator.observe.VirtnodeMetrics;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** virtnode controller: cluster-wide placement, with leader election. */
@Command(name = "controller", mixinStandardHelpOptions = true,
    description = "Run the controller: place VirtualMachines onto nodes.")
class ControllerCommand implements Callable<Integer> {
  @Option(names = "--leader-election-namespace", description = "Namespace of the leader lease; empty disables it.",
      defaultValue = "${env:POD_NAMESPACE:-}")
  String leaseNamespace;

  @Option(names = "--health-listen", description = "Where /healthz, /readyz and /metrics are served (host:port; off: none).",
      defaultValue = "0.0.0.0:8082")
  String healthListen;

  @Override public Integer call() throws Exception {
    var client = new KubernetesClientBuilder().build();
    var election = leaseNamespace == null || leaseNamespace.isBlank() ? null
        : new LeaderElectionConfiguration("virtnode-controller", leaseNamespace);
    AtomicBoolean started = new AtomicBoolean();
    Readiness readiness = new Readiness()
        .add("informers", () -> started.get() ? Optional.empty() : Optional.of("informers not synced yet"));
    VirtnodeMetrics metrics = new VirtnodeMetrics("controller");
    HealthServer health = Endpoints.listen(healthListen).isEmpty() ? null
        : HealthServer.start(Endpoints.listen(healthListen).get(), readiness, metrics::scrape);
    ControllerNode controller = ControllerNode.start(client, election);
    started.set(true);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (health != null) health.close();
      controller.close();
      done.countDown();
    }));
    done.await();
    return 0;
  }
}
