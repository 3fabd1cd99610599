package io.virtnode.node.domain;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The files of one VM in its per-VM runtime directory. */
public record RuntimePaths(Path dir) {
  /** Longest unix socket path the kernel binds (sun_path holds 108 bytes with the terminating NUL). */
  static final int MAX_SOCKET_PATH = 107;

  public Path qmpSocket() { return dir.resolve("monitor.sock"); }

  public Path pidFile() { return dir.resolve("qemu.pid"); }

  public Path vncSocket() { return dir.resolve("vnc.sock"); }

  /**
   * The socket the agent drains a File char device (chardev id) from: console-ID.sock, or, where that path
   * would be too long to bind, cHASH.sock with the first 12 hex digits of the id's SHA-256 (as short as the
   * monitor's socket name, so it binds wherever that one does).
   */
  public Path consoleSocket(String chardevId) {
    Path named = dir.resolve("console-" + chardevId + ".sock");
    if (named.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH) return named;
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(chardevId.getBytes(StandardCharsets.UTF_8));
      return dir.resolve("c" + HexFormat.of().formatHex(sha, 0, 6) + ".sock");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
