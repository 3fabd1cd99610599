package io.virtnode.operator.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** console against a unix socket the test serves as QEMU would, with stdin not a terminal. */
@Tag("api")
class ConsoleTest {
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

  static String spec(String serialName, String backend) {
    return """
        memory: 128Mi
        disks:
        - name: root
          path: /var/lib/virtnode/images/default/c.img
          create:
            size: 64Mi
        serials:
        - name: log
          backend: {type: File, path: /var/lib/virtnode/images/default/c.log}
        - name: %s
          backend: %s
        """.formatted(serialName, backend);
  }

  @Test
  void consoleEchoesThroughTheSerialSocket() throws Exception {
    Path socket = dir.resolve("echo.sock");
    cluster.createVm("echo", spec("serial0", "{type: Unix, path: " + socket + "}"));
    try (ServerSocketChannel server = serve(socket)) {
      CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> echoOnce(server));

      PluginCluster.Run run = cluster.run(input("hello console\n"), "console", "echo");

      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo("hello console\n");
      assertThat(run.err()).contains("Connected to default/echo serial0 (" + socket + "). Escape character is ^]")
          .doesNotContain("closed by the VM's side");
      assertThat(new String(received.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("hello console\n");
    }
  }

  @Test
  void afterTheEndOfInputTheSessionEndsOnceTheGuestFallsSilentEvenIfTheSocketStaysOpen() throws Exception {
    Path socket = dir.resolve("open.sock");
    cluster.createVm("keepsopen", spec("serial0", "{type: Unix, path: " + socket + "}"));
    try (ServerSocketChannel server = serve(socket)) {
      CompletableFuture<SocketChannel> held = CompletableFuture.supplyAsync(() -> {
        try {
          SocketChannel peer = server.accept(); // like QEMU: answers, then keeps the half-closed connection open
          ByteBuffer buffer = ByteBuffer.allocate(64);
          peer.read(buffer);
          peer.write(ByteBuffer.wrap("root@guest:~# ".getBytes(StandardCharsets.UTF_8)));
          return peer;
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });

      PluginCluster.Run run = cluster.run(input("\n"), "console", "keepsopen", "--drain", "5");

      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo("root@guest:~# ");
      assertThat(held.get(60, TimeUnit.SECONDS).isOpen()).isTrue();
      held.get().close();
    }
  }

  @Test
  void theEscapeKeyLeavesAndSendsNothingAfterIt() throws Exception {
    Path socket = dir.resolve("escape.sock");
    cluster.createVm("escape", spec("ttys1", "{type: Unix, path: " + socket + ", server: true}"));
    try (ServerSocketChannel server = serve(socket)) {
      CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readUntilClosed(server));

      PluginCluster.Run run = cluster.run(input("ls\u001dnot sent\n"), "console", "escape", "--serial", "ttys1");

      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.err()).doesNotContain("closed by the VM's side");
      assertThat(new String(received.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("ls");
    }
  }

  @Test
  void theSessionEndsWhenTheVmSideCloses() throws Exception {
    Path socket = dir.resolve("bye.sock");
    cluster.createVm("bye", spec("serial0", "{type: Unix, path: " + socket + "}"));
    try (ServerSocketChannel server = serve(socket); PipedOutputStream typing = new PipedOutputStream()) {
      CompletableFuture.runAsync(() -> {
        try (SocketChannel peer = server.accept()) {
          peer.write(ByteBuffer.wrap("login: ".getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });

      PluginCluster.Run run = cluster.run(new PipedInputStream(typing), "console", "bye");

      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo("login: ");
      assertThat(run.err()).contains("The console was closed by the VM's side.");
    }
  }

  @Test
  void aSocketNobodyListensOnIsReportedNotThrown() throws Exception {
    Path socket = dir.resolve("stale.sock");
    serve(socket).close(); // the file stays, nobody listens: as after QEMU died
    cluster.createVm("stale", spec("serial0", "{type: Unix, path: " + socket + "}"));

    PluginCluster.Run run = cluster.run("console", "stale");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("console: cannot attach to " + socket + ": ").contains("(no status.state yet)")
        .doesNotContain("\tat ");
  }

  @Test
  void aSocketOnAnotherNodeIsExplainedNotAttempted() {
    String path = "/run/virtnode/consoles/absent-" + ProcessHandle.current().pid() + ".sock";
    cluster.createVm("remote", spec("serial0", "{type: Unix, path: " + path + "}"));
    cluster.writeStatus("remote", status -> status.nodeName = "node-b");

    PluginCluster.Run run = cluster.run("console", "remote");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("default/remote serial serial0 is the unix socket " + path
        + ", which does not exist on this host; it is on node node-b").contains("UNIX-CONNECT:" + path);
  }

  @Test
  void aVmWithoutAUnixServerSerialSaysWhatItHas() {
    cluster.createVm("fileonly", spec("out", "{type: Unix, path: /run/virtnode/x.sock, server: false}"));

    PluginCluster.Run any = cluster.run("console", "fileonly");
    PluginCluster.Run named = cluster.run("console", "fileonly", "--serial", "log");
    PluginCluster.Run client = cluster.run("console", "fileonly", "--serial", "out");

    assertThat(any.code()).isEqualTo(1);
    assertThat(any.err()).contains("default/fileonly has no serial console with a Unix server backend (it has: log"
        + " (File), out (Unix))");
    assertThat(named.err()).contains("serial log cannot be attached: its backend is File");
    assertThat(client.err()).contains("server: false");
  }

  private static ByteArrayInputStream input(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static ServerSocketChannel serve(Path socket) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return server;
  }

  /** Echoes one connection until its writer half-closes, then closes: what the console prints is the echo. */
  private static byte[] echoOnce(ServerSocketChannel server) {
    try (SocketChannel peer = server.accept()) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(1024);
      while (peer.read(buffer) >= 0) {
        buffer.flip();
        all.write(buffer.array(), 0, buffer.limit());
        while (buffer.hasRemaining()) peer.write(buffer);
        buffer.clear();
      }
      return all.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] readUntilClosed(ServerSocketChannel server) {
    try (SocketChannel peer = server.accept()) {
      return java.nio.channels.Channels.newInputStream(peer).readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
