package io.virtnode.node.net.portprofile;

import io.virtnode.node.net.portprofile.PortProfileException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** lldpad's netlink port id: the pid in its pid file (Debian: /var/run/lldpad.pid). */
public final class LldpadPidFile {
  /** The default location. */
  public static final Path DEFAULT = Path.of("/var/run/lldpad.pid");
  private final Path file;

  public LldpadPidFile(Path file) { this.file = file; }

  /** The pid, checked to be a positive number; LldpadUnavailable naming the file otherwise. */
  public int pid() throws PortProfileException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      throw new PortProfileException(Reason.LldpadUnavailable, "lldpad is not running (" + file
          + " is missing): 802.1Qbg needs Debian's lldpad running on this node", e);
    } catch (IOException e) {
      throw new PortProfileException(Reason.LldpadUnavailable, "cannot read lldpad's pid file " + file + ": " + e.getMessage(), e);
    }
    try {
      int pid = Integer.parseInt(text);
      if (pid > 0) {
        return pid;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new PortProfileException(Reason.LldpadUnavailable, "lldpad's pid file " + file + " holds '" + text
        + "', not a process id");
  }
}
