package io.virtnode.node.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads the end of a QEMU log, to put QEMU's own words into an error condition. */
final class QemuLogs {
  private QemuLogs() {}

  /** Moves a log past maxBytes to log.1 (replacing the previous one), so each VM keeps at most two. */
  static void rotate(Path log, long maxBytes) {
    try {
      if (java.nio.file.Files.size(log) > maxBytes) {
        java.nio.file.Files.move(log, log.resolveSibling(log.getFileName() + ".1"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // no log yet, or it cannot be moved: QEMU appends to it as it is
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
