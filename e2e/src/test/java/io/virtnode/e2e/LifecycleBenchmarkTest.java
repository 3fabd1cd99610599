package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.node.qemu.UnixQmpClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up figures in one run, as ratios against bare QEMU started with the same argv:
 * the command in README.md, "Benchmark". Prints; asserts only that it measured.
 */
@Tag("benchmark")
class LifecycleBenchmarkTest {
  static final int BARE_RUNS = 15;
  static final int BURST = 50;

  @TempDir Path root;

  @Test void startupLatencies() throws Exception {
    Path jar = Path.of("..", "operator", "target", "virtnode.jar").toAbsolutePath().normalize();
    assertThat(jar).as("the agent jar; build it first with mvn install -DskipTests").exists();
    try (TestCluster cluster = TestCluster.start(root, 27000)) {
      cluster.client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata()
          .withName("node-a").endMetadata().build()).create();
      Path config = root.resolve("agent.yaml");
      new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
          .writeValue(config.toFile(), cluster.settings("node-a"));
      Path kubeconfig = cluster.api.writeKubeconfig(root.resolve("kubeconfig"));
      List<String> argv = render(jar, config, Vms.minimal("bare", cluster.images.toString(), ""));
      List<Double> bare = bareQemu(cluster, argv);
      Process agent = agent(jar, config, kubeconfig);
      Path agentLog = config.resolveSibling("agent.log");
      await().atMost(Duration.ofSeconds(120)).until(() -> !agent.isAlive()
          || Files.readString(agentLog).contains("Agent for node node-a started"));
      assertThat(agent.isAlive()).as("agent process; see " + agentLog).isTrue();
      try {
        Map<String, Long> created = new ConcurrentHashMap<>();
        Map<String, Long> ready = new ConcurrentHashMap<>();
        try (var w = cluster.client.resources(VirtualMachine.class).inNamespace("default").watch(readyWatcher(ready))) {
          long writes0 = cluster.api.writeCount();
          created.put("single", System.nanoTime());
          cluster.create(Vms.minimal("single", cluster.images.toString(), ""));
          await().atMost(Duration.ofSeconds(120)).until(() -> ready.containsKey("single"));
          double single = ms(ready.get("single") - created.get("single"));
          long writesSingle = cluster.api.writeCount() - writes0;

          long writes1 = cluster.api.writeCount();
          for (int i = 0; i < BURST; i++) {
            String name = "burst-" + i;
            created.put(name, System.nanoTime());
            cluster.create(Vms.minimal(name, cluster.images.toString(), ""));
            Thread.sleep(100);
          }
          await().atMost(Duration.ofMinutes(5)).until(() -> ready.keySet().stream()
              .filter(k -> k.startsWith("burst-")).count() == BURST);
          long burstWrites = cluster.api.writeCount() - writes1 - BURST; // minus the users' own creates
          List<Double> burst = new ArrayList<>();
          for (int i = 0; i < BURST; i++) {
            burst.add(ms(ready.get("burst-" + i) - created.get("burst-" + i)));
          }
          long rssKb = rssKb(agent.pid());
          double bareP50 = pct(bare, 50);
          System.out.printf("%n=== virtnode lifecycle benchmark (%s, %d cores) ===%n",
              argv.contains("kvm") ? "KVM" : "TCG", Runtime.getRuntime().availableProcessors());
          System.out.printf("bare QEMU exec -> qmp_capabilities   p50 %.0f ms  p95 %.0f ms  (n=%d, agent's argv)%n",
              bareP50, pct(bare, 95), bare.size());
          System.out.printf("single VM create -> Ready            %.0f ms  (%.2fx bare p50)%n", single,
              single / bareP50);
          System.out.printf("burst of %d, 100 ms apart, -> Ready  p50 %.0f  p95 %.0f  p99 %.0f ms%n", BURST,
              pct(burst, 50), pct(burst, 95), pct(burst, 99));
          System.out.printf("burst p95 / bare p50                 %.2fx  (goal <= 2x)%n", pct(burst, 95) / bareP50);
          System.out.printf("API writes per VM start              single %d, burst %.2f  (goal <= 3, user's create"
              + " excluded)%n", writesSingle - 1, burstWrites / (double) BURST);
          System.out.printf("agent process RSS with %d VMs         %d MiB%n", BURST + 1, rssKb / 1024);
          assertThat(burst).hasSize(BURST);
        }
      } finally {
        cluster.client.resources(VirtualMachine.class).inNamespace("default").delete();
        await().atMost(Duration.ofMinutes(3)).until(() -> cluster.client.resources(VirtualMachine.class)
            .inNamespace("default").list().getItems().isEmpty());
        agent.destroy();
        agent.waitFor();
      }
    }
  }

  /** virtnode render of the VM, as the agent with this config would run it. */
  private static List<String> render(Path jar, Path config, VirtualMachine vm) throws Exception {
    Path file = config.resolveSibling("bare-vm.yaml");
    Files.writeString(file, io.fabric8.kubernetes.client.utils.Serialization.asYaml(vm));
    Process p = new ProcessBuilder(java(), "-jar", jar.toString(), "render", "-f", file.toString(), "--config",
        config.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> argv = new String(p.getInputStream().readAllBytes()).lines().toList();
    assertThat(p.waitFor()).as("virtnode render").isZero();
    return argv;
  }

  private static Process agent(Path jar, Path config, Path kubeconfig) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(java(), "-jar", jar.toString(), "agent", "--node", "node-a", "--config",
        config.toString()).redirectErrorStream(true).redirectOutput(config.resolveSibling("agent.log").toFile());
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    return pb.start();
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /**
   * exec → capabilities answered, with the agent's argv for a minimal VM; only the disk is opened by path
   * (the agent hands QEMU an fd it opened, which a bare start has not got).
   */
  private static List<Double> bareQemu(TestCluster cluster, List<String> rendered) throws Exception {
    Path image = cluster.images.resolve("bare.img");
    new ProcessBuilder("qemu-img", "create", "-f", "raw", image.toString(), "16M").start().waitFor();
    List<String> argv = new ArrayList<>();
    for (int i = 0; i < rendered.size(); i++) {
      if (rendered.get(i).equals("-add-fd")) {
        i++;
        continue;
      }
      argv.add(rendered.get(i).replace("/dev/fdset/1", image.toString()));
    }
    Path sock = Path.of(argv.get(argv.indexOf("-chardev") + 1).replaceAll(".*path=([^,]*).*", "$1"));
    Files.createDirectories(sock.getParent());
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < BARE_RUNS; i++) {
      Files.deleteIfExists(sock);
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(argv).redirectErrorStream(true)
          .redirectOutput(new File("/dev/null")).start();
      try (var qmp = UnixQmpClient.connect(sock, p::isAlive, Duration.ofSeconds(30), Duration.ofSeconds(10))) {
        out.add(ms(System.nanoTime() - t0));
      } finally {
        p.destroyForcibly().waitFor();
      }
    }
    return out;
  }

  private static Watcher<VirtualMachine> readyWatcher(Map<String, Long> ready) {
    return new Watcher<>() {
      @Override public void eventReceived(Action action, VirtualMachine vm) {
        if (vm.getStatus() != null && vm.getStatus().conditions.stream()
            .anyMatch(c -> c.type.equals("Ready") && c.status.equals("True"))) {
          ready.putIfAbsent(vm.getMetadata().getName(), System.nanoTime());
        }
      }

      @Override public void onClose(WatcherException cause) { }
    };
  }

  private static double ms(long nanos) { return nanos / 1e6; }

  private static double pct(List<Double> values, int p) {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
  }

  private static long rssKb(long pid) throws Exception {
    return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(l -> l.startsWith("VmRSS:"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1);
  }
}
