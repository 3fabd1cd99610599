package io.virtnode.node.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One probe of a binary: runs -help, then a {@code -machine none -S} QEMU it queries over QMP and quits. */
final class CapabilityProbeSession {
  /** The raw answers the flags are derived from. */
  record Answers(String help, JsonNode version, JsonNode commands, JsonNode types, JsonNode cmdlineOptions,
      JsonNode migrateCapabilities) {}


  private final Path binary;
  private final QmpConnector connector;
  private final Duration timeout;

  CapabilityProbeSession(Path binary, QmpConnector connector, Duration timeout) {
    this.binary = binary;
    this.connector = connector;
    this.timeout = timeout;
  }

  Answers run() throws CapabilityProbeException {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("virtnode-probe");
      String help = help(dir.resolve("help.txt"));
      return queries(dir, help);
    } catch (IOException e) {
      throw new CapabilityProbeException("cannot probe " + binary + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CapabilityProbeException("interrupted while probing " + binary, e);
    } finally {
      deleteTree(dir);
    }
  }

  private String help(Path out) throws IOException, InterruptedException, CapabilityProbeException {
    Process process = new ProcessBuilder(binary.toString(), "-help").redirectErrorStream(true)
        .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new CapabilityProbeException(binary + " -help did not finish within " + timeout.toSeconds() + " s");
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new CapabilityProbeException(binary + " -help exited with " + process.exitValue() + ": " + tail(text));
    }
    return text;
  }

  private Answers queries(Path dir, String help) throws IOException, InterruptedException, CapabilityProbeException {
    Path socket = dir.resolve("qmp.sock");
    Path log = dir.resolve("qemu.log");
    List<String> argv = new QemuArgv(binary.toString())
        .option("-machine", QemuOptions.of("none")).option("-S").option("-nodefaults").option("-no-user-config")
        .option("-display", QemuOptions.of("none"))
        .option("-qmp", QemuOptions.of("unix:" + socket).add("server", true).add("wait", false))
        .toList();
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    try {
      try (QmpClient qmp = connector.connect(socket, process::isAlive)) {
        Answers answers = new Answers(help, qmp.execute("query-version", empty(), timeout),
            qmp.execute("query-commands", empty(), timeout), qmp.execute("qom-list-types", empty(), timeout),
            qmp.execute("query-command-line-options", empty(), timeout),
            qmp.execute("query-migrate-capabilities", empty(), timeout));
        quit(qmp);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
        }
        return answers;
      }
    } catch (QmpException e) {
      throw new CapabilityProbeException("probing QEMU " + binary + " over QMP failed: " + e.getMessage() + "; "
          + tail(readLog(log)), e);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void quit(QmpClient qmp) {
    try {
      qmp.execute("quit", empty(), timeout);
    } catch (QmpException e) {
      // QEMU may close the socket before replying; the caller kills it if it does not exit
    }
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode empty() {
    return JsonNodeFactory.instance.objectNode();
  }

  private static String readLog(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static String tail(String text) {
    String s = text.strip();
    return s.length() > 500 ? "..." + s.substring(s.length() - 500) : s;
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp dir is harmless
    }
  }
}
