package io.virtnode.operator.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.api.v1alpha1.VncStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** completion scripts and the vnc command. */
@Tag("api")
class CompletionAndVncTest {
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
  void completionPrintsABashScriptForEverySubcommand() {
    PluginCluster.Run bash = cluster.run("completion", "bash");
    PluginCluster.Run zsh = cluster.run("completion", "zsh");
    PluginCluster.Run fish = cluster.run("completion", "fish");

    assertThat(bash.code()).as(bash.err()).isZero();
    assertThat(bash.out()).contains("complete -F").contains("kubectl-virtnode")
        .contains("migrate").contains("console").contains("--storage");
    assertThat(zsh.out()).startsWith("autoload -U +X compinit").contains("bashcompinit").contains("complete -F");
    assertThat(fish.code()).isEqualTo(2);
    assertThat(fish.err()).contains("unknown shell \"fish\"");
  }

  @Test
  void vncPrintsTheEndpointOrSaysWhyThereIsNone() {
    cluster.createVm("screen");

    PluginCluster.Run before = cluster.run("vnc", "screen");
    cluster.writeStatus("screen", status -> {
      status.state = "Running";
      status.nodeName = "local";
      status.vnc = new VncStatus("127.0.0.1:5907");
    });
    PluginCluster.Run after = cluster.run("vnc", "screen");

    assertThat(before.code()).isEqualTo(1);
    assertThat(before.err()).contains("default/screen has no VNC endpoint yet");
    assertThat(after.code()).as(after.err()).isZero();
    assertThat(after.out()).isEqualTo("127.0.0.1:5907\n");
    assertThat(after.err()).contains("on node local");
  }

  @Test
  void vncOpenStartsTheViewerFoundOnPathOrSaysNoneWasFound() throws Exception {
    cluster.createVm("viewer");
    cluster.writeStatus("viewer", status -> status.vnc = new VncStatus("127.0.0.1:5911"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path args = dir.resolve("viewer-args");
    Path viewer = Files.writeString(bin.resolve("remote-viewer"), "#!/bin/sh\necho \"$@\" > " + args + "\n");
    Files.setPosixFilePermissions(viewer, PosixFilePermissions.fromString("rwxr-xr-x"));

    PluginCluster.Run none = runVnc(Files.createDirectories(dir.resolve("empty")).toString());
    PluginCluster.Run found = runVnc(bin.toString());

    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).contains("no VNC viewer found on PATH (looked for vncviewer, remote-viewer, gvncviewer)");
    assertThat(found.code()).as(found.err()).isZero();
    assertThat(found.err()).contains("started " + viewer + " vnc://127.0.0.1:5911");
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
        .until(() -> Files.exists(args) && Files.readString(args).equals("vnc://127.0.0.1:5911\n"));
  }

  private PluginCluster.Run runVnc(String path) {
    // the viewer search PATH is a field of the command; set it through picocli's factory
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override public <K> K create(Class<K> cls) throws Exception {
        K made = CommandLine.defaultFactory().create(cls);
        if (made instanceof VncCommand vnc) vnc.searchPath = path;
        return made;
      }
    };
    return cluster.run(factory, "vnc", "viewer", "--open");
  }
}
