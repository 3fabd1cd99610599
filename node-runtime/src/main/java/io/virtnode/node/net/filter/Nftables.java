package io.virtnode.node.net.filter;

import io.virtnode.node.nativeio.netlink.NetworkNamespace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs Debian's `nft` (package nftables) in a network namespace: apply a script, list a table as JSON, delete it. */
public final class Nftables {
  private static final List<Path> SEARCH = List.of(Path.of("/usr/sbin/nft"), Path.of("/sbin/nft"), Path.of("/usr/bin/nft"));
  private final Path binary;
  private final String namespace;
  private final long timeoutSeconds;

  /** nft at binary, working in the named network namespace (null: the agent's own). */
  public Nftables(Path binary, String namespace) {
    this.binary = binary;
    this.namespace = namespace;
    this.timeoutSeconds = 30;
  }

  /** nft found in the usual places, or a failure naming the package to install. */
  public static Nftables find(String namespace) throws TrafficFilterException { return find(SEARCH, namespace); }

  static Nftables find(List<Path> search, String namespace) throws TrafficFilterException {
    Optional<Path> found = search.stream().filter(Files::isExecutable).findFirst();
    return new Nftables(found.orElseThrow(() -> new TrafficFilterException(TrafficFilterException.Reason.NftablesMissing,
        "nft is not installed (looked in " + search + "): install the Debian package nftables")), namespace);
  }

  /** Applies a script with `nft -f -`; fails with nft's own message. */
  public void apply(String script) throws IOException { run(script, "-f", "-"); }

  /** `nft -j list table netdev NAME`, or empty when the table does not exist. */
  public Optional<String> listTableJson(String table) throws IOException {
    Result r = runRaw(null, "-j", "list", "table", "netdev", table);
    if (r.exit != 0) {
      if (r.err.contains("No such file or directory")) {
        return Optional.empty();
      }
      throw failure(List.of("-j", "list", "table", "netdev", table), r);
    }
    return Optional.of(r.out);
  }

  /** `nft delete table netdev NAME`; a missing table is not an error. */
  public void deleteTable(String table) throws IOException {
    Result r = runRaw(null, "delete", "table", "netdev", table);
    if (r.exit != 0 && !r.err.contains("No such file or directory")) {
      throw failure(List.of("delete", "table", "netdev", table), r);
    }
  }

  private void run(String stdin, String... args) throws IOException {
    Result r = runRaw(stdin, args);
    if (r.exit != 0) {
      throw failure(List.of(args), r);
    }
  }

  private record Result(int exit, String out, String err) {}

  private IOException failure(List<String> args, Result r) {
    return new TrafficFilterException(TrafficFilterException.Reason.RulesetRejected,
        binary + " " + String.join(" ", args) + " exited " + r.exit + ": " + r.err.strip());
  }

  private Result runRaw(String stdin, String... args) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(binary.toString());
    argv.addAll(List.of(args));
    Process p = NetworkNamespace.call(namespace, () -> new ProcessBuilder(argv).start());
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(binary + " " + String.join(" ", args) + " did not finish within " + timeoutSeconds + " s");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while running nft", e);
    }
  }

  private static String readAll(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
