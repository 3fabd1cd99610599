package io.virtnode.operator;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.node.domain.PlanException;
import io.virtnode.reconcile.vm.SpecMapper;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** virtnode render: the QEMU argv the agent would run for a VM, one argument per line; no side effects. */
@Command(name = "render", mixinStandardHelpOptions = true,
    description = "Print the QEMU command line the agent would run for a VirtualMachine manifest.")
class RenderCommand implements Callable<Integer> {
  @Option(names = {"-f", "--filename"}, required = true, description = "VirtualMachine YAML file.")
  Path file;

  @Option(names = "--config", description = "Agent settings YAML file.")
  Path config;

  @Option(names = "--node", defaultValue = "local", description = "Node whose agent settings apply ({node} in them).")
  String node;

  @Override public Integer call() throws Exception {
    VirtualMachine vm = Serialization.unmarshal(Files.readString(file), VirtualMachine.class);
    var meta = vm.getMetadata();
    if (meta.getNamespace() == null) meta.setNamespace("default");
    if (meta.getUid() == null) meta.setUid(UUID.nameUUIDFromBytes((meta.getNamespace() + "/" + meta.getName())
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
    if (vm.getSpec() == null || vm.getSpec().memory == null) {
      System.err.println("render: " + file + " has no spec.memory");
      return 2;
    }
    AgentSettings settings = AgentSettings.load(config).forNode(node);
    Path scratch = Files.createTempDirectory("virtnode-render"); // probe cache only: render leaves no trace
    HostStack host = HostStack.create(settings, InetAddress.getByName(settings.vncListen), scratch);
    try {
      var plan = host.runtime().render(meta.getUid(), SpecMapper.domain(vm), settings.vncPortMin);
      plan.argv().forEach(System.out::println);
      return 0;
    } catch (PlanException e) {
      System.err.println("render: " + e.reason() + ": " + e.getMessage());
      return 1;
    } finally {
      try (var files = Files.walk(scratch)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
