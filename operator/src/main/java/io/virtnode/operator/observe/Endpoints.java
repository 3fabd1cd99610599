package io.virtnode.operator.observe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Parses listen addresses and provides the readiness checks agent and controller share. */
public final class Endpoints {
  private Endpoints() {}

  /** "host:port" (port 0 picks a free one); empty or "off" means no health endpoints. */
  public static Optional<InetSocketAddress> listen(String spec) {
    if (spec == null || spec.isBlank() || spec.equals("off")) return Optional.empty();
    int colon = spec.lastIndexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("a listen address is host:port, not " + spec);
    return Optional.of(new InetSocketAddress(spec.substring(0, colon), Integer.parseInt(spec.substring(colon + 1))));
  }

  /** Not ready while nothing can be written under dir (full disk, read-only mount, lost permissions). */
  public static Optional<String> writable(Path dir) {
    try {
      Path probe = Files.createTempFile(dir, ".ready", ".probe");
      Files.write(probe, new byte[] {1});
      Files.delete(probe);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("cannot write the state dir " + dir + ": " + e.getMessage());
    }
  }
}
