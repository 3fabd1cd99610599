package io.virtnode.operator.plugin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import io.virtnode.operator.devserver.DevApiServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;

/** The embedded API server with the CRDs, a kubeconfig for it, and the plugin run as a user would run it. */
final class PluginCluster implements AutoCloseable {
  final DevApiServer server;
  final Path kubeconfig;

  /** What one plugin run printed and returned. */
  record Run(int code, String out, String err) {
  }

  PluginCluster(Path dir) throws IOException {
    server = DevApiServer.start(0);
    server.installCrdsFromClasspath();
    kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  KubernetesClient client() {
    return server.kubernetesClient();
  }

  /** Runs {@code kubectl virtnode --kubeconfig K ARGS} with stdin {@code in} (not a terminal). */
  Run run(InputStream in, String... args) {
    return run(in, CommandLine.defaultFactory(), args);
  }

  Run run(CommandLine.IFactory factory, String... args) {
    return run(new ByteArrayInputStream(new byte[0]), factory, args);
  }

  /** As {@link #run(InputStream, String...)}, with the subcommands made by {@code factory}. */
  Run run(InputStream in, CommandLine.IFactory factory, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    CommandLine cli = new CommandLine(new KubectlCommand(new PluginIo(in, outStream, errStream, false)), factory);
    cli.setOut(new PrintWriter(outStream, true)).setErr(new PrintWriter(errStream, true));
    List<String> argv = new ArrayList<>(List.of("--kubeconfig", kubeconfig.toString()));
    argv.addAll(List.of(args));
    int code = cli.execute(argv.toArray(String[]::new));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Run run(String... args) {
    return run(new ByteArrayInputStream(new byte[0]), args);
  }

  /** Creates a VM in {@code default} from spec YAML; the server fills the defaults. */
  VirtualMachine createVm(String name, String specYaml) {
    String yaml = """
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata:
          name: %s
        spec:
        %s""".formatted(name, specYaml.indent(2));
    client().genericKubernetesResources(Vms.VM).inNamespace("default")
        .resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).create();
    return vm(name);
  }

  VirtualMachine createVm(String name) {
    return createVm(name, """
        memory: 128Mi
        disks:
        - name: root
          path: /var/lib/virtnode/images/default/%s.img
          create:
            size: 64Mi
        """.formatted(name));
  }

  VirtualMachine vm(String name) {
    return client().resources(VirtualMachine.class).inNamespace("default").withName(name).get();
  }

  /** Writes status as the agent would. */
  void writeStatus(String name, Consumer<VirtualMachineStatus> change) {
    client().resources(VirtualMachine.class).inNamespace("default").withName(name).editStatus(vm -> {
      if (vm.getStatus() == null) vm.setStatus(new VirtualMachineStatus());
      change.accept(vm.getStatus());
      return vm;
    });
  }

  @Override public void close() {
    server.close();
  }
}
