package io.virtnode.node.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads the end of a QEMU log, to put QEMU's own words into an error condition. */
final class QemuLogs {
  private QemuLogs() {}

  /**
   * Copies a log past maxBytes to log.1 (replacing the previous one) and truncates it, so each VM keeps at
   * most about two logs' worth. QEMU writes with O_APPEND, so it carries on at the new end (copytruncate).
   */
  static void rotate(Path log, long maxBytes) {
    try {
      if (java.nio.file.Files.size(log) > maxBytes) {
        java.nio.file.Files.copy(log, log.resolveSibling(log.getFileName() + ".1"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        try (var ch = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE,
            java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          ch.truncate(0);
        }
      }
    } catch (IOException e) {
      // no log yet, or it cannot be rotated now: the next round tries again
    }
  }

  /** Current size of the log, to read only what a new QEMU adds. */
  static long size(Path log) {
    return log.toFile().length();
  }

  /** At most maxBytes of what was written to the log after offset (the end of it). */
  static String tail(Path log, long offset, int maxBytes) {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(offset, f.length() - maxBytes);
      byte[] buf = new byte[(int) (f.length() - start)];
      f.seek(start);
      f.readFully(buf);
      return new String(buf, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
