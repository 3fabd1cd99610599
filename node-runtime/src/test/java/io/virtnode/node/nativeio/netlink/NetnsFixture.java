package io.virtnode.node.nativeio.netlink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Real network namespaces for tests: `ip netns add vn-test-<random>`, a veth pair between two of them,
 * commands run inside; every namespace made is deleted on close (with the links in it).
 */
public final class NetnsFixture implements AutoCloseable {
  private final List<String> created = new ArrayList<>();

  /** A fresh namespace named vn-test-<random> with its loopback up. */
  public String namespace() throws IOException {
    String name = "vn-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    run("ip", "netns", "add", name);
    created.add(name);
    run("ip", "-n", name, "link", "set", "lo", "up");
    return name;
  }

  /** A veth pair: name in ns (up) and peer in peerNs (up). */
  public void veth(String ns, String name, String peerNs, String peer) throws IOException {
    run("ip", "link", "add", name, "netns", ns, "type", "veth", "peer", "name", peer, "netns", peerNs);
    run("ip", "-n", ns, "link", "set", name, "up");
    run("ip", "-n", peerNs, "link", "set", peer, "up");
  }

  /** Runs a command in ns; returns stdout; fails naming the command and its stderr. */
  public String in(String ns, String... command) throws IOException {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    argv.addAll(List.of(command));
    return run(argv.toArray(String[]::new));
  }

  /** Runs a command on the host; returns stdout; fails naming the command and its stderr. */
  public static String run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in 60 s");
      }
      if (p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": "
            + new String(err, StandardCharsets.UTF_8).strip());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (String ns : created) {
      try {
        run("ip", "netns", "del", ns);
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    created.clear();
    if (first != null) {
      throw first;
    }
  }
}
