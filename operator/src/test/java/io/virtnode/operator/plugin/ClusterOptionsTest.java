package io.virtnode.operator.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How the plugin finds the cluster and says so when it cannot. */
class ClusterOptionsTest {
  @TempDir
  Path dir;

  private String kubeconfig(String server, String namespace) throws Exception {
    return Files.writeString(dir.resolve("config"), """
        apiVersion: v1
        kind: Config
        clusters:
        - {name: c, cluster: {server: %s}}
        users:
        - {name: u, user: {token: t}}
        contexts:
        - {name: ctx, context: {cluster: c, user: u, namespace: %s}}
        - {name: other, context: {cluster: c, user: u}}
        current-context: ctx
        """.formatted(server, namespace)).toString();
  }

  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PluginIo io = new PluginIo(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    int code = new CommandLine(new KubectlCommand(io)).execute(args);
    return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void anUnreachableApiServerIsNamed() throws Exception {
    String[] result = run("--kubeconfig", kubeconfig("http://127.0.0.1:1", "team-b"), "start", "vm1");

    assertThat(result[0]).isEqualTo("1");
    assertThat(result[2]).contains("start: cannot reach the API server at http://127.0.0.1:1");
  }

  @Test
  void theNamespaceComesFromTheFlagElseTheContextElseDefault() throws Exception {
    ClusterOptions fromContext = new ClusterOptions();
    fromContext.kubeconfig = Path.of(kubeconfig("http://127.0.0.1:1", "team-b"));
    ClusterOptions fromFlag = new ClusterOptions();
    fromFlag.kubeconfig = fromContext.kubeconfig;
    fromFlag.namespace = "team-c";
    ClusterOptions otherContext = new ClusterOptions();
    otherContext.kubeconfig = fromContext.kubeconfig;
    otherContext.context = "other";

    assertThat(fromContext.namespace()).isEqualTo("team-b");
    assertThat(fromFlag.namespace()).isEqualTo("team-c");
    assertThat(otherContext.namespace()).isEqualTo("default");
  }

  @Test
  void aMissingKubeconfigIsNamed() {
    String[] result = run("--kubeconfig", dir.resolve("absent").toString(), "vnc", "vm1");

    assertThat(result[0]).isEqualTo("1");
    assertThat(result[2]).contains("kubeconfig " + dir.resolve("absent") + " does not exist or is not readable");
  }
}
