package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VmState;
import io.virtnode.e2e.guest.TestGuest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest flooding a File serial console: its output reaches disk only through the agent, capped per file
 * and rotated, so the console files never pass cap × files however long it floods; the newest output is
 * there, after an agent restart QEMU reconnects to the drain and the console keeps flowing, and a stop and
 * start reuses the rotated log.
 */
@Tag("isolation")
@Tag("guest")
class ConsoleCapTest {
  private static final long CAP = 16 * 1024;
  private static final int FILES = 3;
  private static final Pattern LINE = Pattern.compile("GUEST-FLOOD (\\d+) ");
  @TempDir static Path root;
  static TestCluster cluster;

  @BeforeAll static void start() throws Exception {
    cluster = TestCluster.start(root, 6700, List.of(), s -> {
      s.consoleLogMaxBytes = CAP;
      s.consoleLogFiles = FILES;
    }, "node-a");
  }

  @AfterAll static void stop() {
    if (cluster != null) cluster.close();
  }

  @Test void aFloodingGuestKeepsItsConsoleUnderTheCapWithRotationAlsoAcrossAnAgentRestart() throws Exception {
    Path disk = TestGuest.floodingCopyTo(cluster.images.resolve("flood.img"));
    Path console = cluster.images.resolve("flood.console");
    cluster.create(Vms.yaml("""
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata: {name: flood, namespace: default}
        spec:
          memory: 256Mi
          disks: [{name: boot, path: %s}]
          serials: [{name: ttys0, backend: {type: File, path: %s}}]
        """.formatted(disk, console)));
    cluster.awaitCondition("flood", "Ready", "True");

    // far more than the cap went through: line n needs about 66 × n bytes of output
    long linesPastCap = 4 * CAP * FILES / 60;
    await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertCapped(console);
      assertThat(latestLine(console)).as("newest flood line").isGreaterThan(linesPastCap);
    });
    assertThat(console.resolveSibling("flood.console.1")).as("rotated once").exists();
    assertThat(console.resolveSibling("flood.console.2")).as("rotated twice").exists();
    for (int i = 0; i < 20; i++) { // as long as it floods, the files stay capped and the newest output moves on
      long before = latestLine(console);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
        assertCapped(console);
        assertThat(latestLine(console)).isGreaterThan(before);
      });
    }

    long beforeRestart = latestLine(console);
    cluster.restartAgent("node-a");
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertCapped(console);
      assertThat(latestLine(console)).as("the console flows again after the agent restart")
          .isGreaterThan(beforeRestart + linesPastCap);
    });
    assertThat(cluster.get("flood").getStatus().conditions).anyMatch(c -> c.type.equals("Ready")
        && c.status.equals("True"));

    // stopped, the drain goes with QEMU; started again, the rotated log is still the agent's own (same inode)
    Object inode = Files.getAttribute(console, "unix:ino");
    Path runtimeDir = root.resolve("node-a/state/run").resolve(cluster.get("flood").getMetadata().getUid());
    setState(VmState.Stopped);
    await().atMost(Duration.ofSeconds(60)).until(() -> "Stopped".equals(cluster.get("flood").getStatus().state));
    assertThat(sockets(runtimeDir)).as("no console socket outlives its QEMU").isEmpty();
    String stopped = Files.readString(console, java.nio.charset.StandardCharsets.ISO_8859_1);
    setState(VmState.Running);
    cluster.awaitCondition("flood", "Ready", "True");
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertCapped(console);
      String now = Files.readString(console, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(now).contains("GUEST-FLOOD").isNotEqualTo(stopped);
    });
    assertThat(Files.getAttribute(console, "unix:ino")).isEqualTo(inode);
  }

  private static void setState(VmState state) {
    cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("flood").edit(v -> {
      v.getSpec().state = state;
      return v;
    });
  }

  private static List<Path> sockets(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(p -> p.getFileName().toString().endsWith(".sock")
          && !p.getFileName().toString().equals("monitor.sock") && !p.getFileName().toString().equals("vnc.sock"))
          .toList();
    }
  }

  /** Each console file at most CAP, no more than FILES of them: the host never fills. */
  private static void assertCapped(Path console) throws IOException {
    List<Path> files = consoleFiles(console);
    assertThat(files).hasSizeLessThanOrEqualTo(FILES);
    long total = 0;
    for (Path f : files) {
      long size = Files.size(f);
      assertThat(size).as("size of %s", f).isLessThanOrEqualTo(CAP);
      total += size;
    }
    assertThat(total).isLessThanOrEqualTo(CAP * FILES);
  }

  private static List<Path> consoleFiles(Path console) throws IOException {
    try (Stream<Path> all = Files.list(console.getParent())) {
      return all.filter(p -> p.getFileName().toString().startsWith(console.getFileName().toString()))
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
  }

  /** The highest flood line number in the console files (0 before any). */
  private static long latestLine(Path console) throws IOException {
    long max = 0;
    for (Path f : consoleFiles(console)) {
      String text;
      try {
        text = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
      } catch (java.nio.file.NoSuchFileException rotatedAway) {
        continue;
      }
      Matcher m = LINE.matcher(text);
      while (m.find()) max = Math.max(max, Long.parseLong(m.group(1)));
    }
    return max;
  }
}
