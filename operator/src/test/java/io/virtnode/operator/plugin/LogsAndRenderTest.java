package io.virtnode.operator.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.operator.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** logs from an agent state directory on this host, and render through virtnode render. */
@Tag("api")
class LogsAndRenderTest {
  @TempDir
  static Path dir;
  static PluginCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new PluginCluster(dir);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void logsPrintsTheQemuLogOfTheVmFromTheStateDir() throws Exception {
    String uid = cluster.createVm("chatty").getMetadata().getUid();
    Path state = dir.resolve("state");
    Files.createDirectories(state.resolve("logs"));
    Files.writeString(state.resolve("logs").resolve(uid + ".log"), "qemu starting\nqemu: terminating on signal 15\n");

    PluginCluster.Run all = cluster.run("logs", "chatty", "--state-dir", state.toString());
    PluginCluster.Run tail = cluster.run("logs", "chatty", "--state-dir", state.toString(), "--tail", "1");

    assertThat(all.code()).as(all.err()).isZero();
    assertThat(all.out()).isEqualTo("qemu starting\nqemu: terminating on signal 15\n");
    assertThat(tail.out()).isEqualTo("qemu: terminating on signal 15\n");
  }

  @Test
  void logsOfAVmElsewhereSayWhichNodeHasThem() throws Exception {
    String uid = cluster.createVm("faraway").getMetadata().getUid();
    cluster.writeStatus("faraway", status -> status.nodeName = "node-c");
    Path empty = Files.createDirectories(dir.resolve("empty-state"));

    PluginCluster.Run run = cluster.run("logs", "faraway", "--state-dir", empty.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("no QEMU log of default/faraway on this host (looked under " + empty + ")")
        .contains("it is on node node-c as <stateDir>/logs/" + uid + ".log");
  }

  @Test
  void renderRunsTheVirtnodeRenderCommand() throws Exception {
    Path manifest = Files.writeString(dir.resolve("vm.yaml"), """
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata: {name: drawn, namespace: default}
        spec:
          memory: 128Mi
          disks:
          - {name: root, path: /var/lib/virtnode/images/default/drawn.img, create: {size: 64Mi}}
        """);
    CommandLine root = new CommandLine(new Main());
    if (root.getSubcommands().containsKey("kubectl")) root.getCommandSpec().removeSubcommand("kubectl");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    root.addSubcommand("kubectl", new KubectlCommand(new PluginIo(System.in, System.out, errStream, false)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int code;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8)); // virtnode render prints to System.out
    try {
      code = root.execute("kubectl", "render", "-f", manifest.toString());
    } finally {
      System.setOut(original);
    }

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("/usr/bin/qemu-system-x86_64\n")
        .contains("guest=default_drawn");
  }
}
