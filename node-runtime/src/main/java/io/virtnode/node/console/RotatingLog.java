package io.virtnode.node.console;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A log file the agent writes for a guest, capped at maxBytes per file with files-1 rotated copies
 * (path.1 … path.N-1); a flooding guest loses its oldest output, the host never fills. The file at path keeps
 * its inode (it is copied to path.1 and emptied in place). Rotation only ever writes onto a name where
 * nothing is, or a file this log made itself (by inode): it never replaces a file that someone else put next
 * to the log (nor, after a reopen, the rotated files of an earlier writer: then it empties the log instead).
 * Not thread-safe: one writer (the drain) per log.
 */
public final class RotatingLog implements AutoCloseable {
  private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
      java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  private final Path path;
  private final long maxBytes;
  private final int files;
  private final Set<String> made = new HashSet<>();
  private FileChannel out;
  private long size;

  /** Opens (appending to) path, which must be absent or a regular file; symlinks are never followed. */
  public RotatingLog(Path path, long maxBytes, int files) throws IOException {
    if (maxBytes < 1 || files < 1) throw new IllegalArgumentException("a log needs maxBytes >= 1 and files >= 1");
    this.path = path;
    this.maxBytes = maxBytes;
    this.files = files;
    open();
  }

  private void open() throws IOException {
    out = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
        LinkOption.NOFOLLOW_LINKS), OWNER_ONLY); // guest output is readable by the agent alone

    size = out.size();
    made.add(inode(path));
  }

  /** Appends bytes, rotating whenever the current file would pass maxBytes. */
  public void write(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      if (size >= maxBytes) rotate();
      int room = (int) Math.min(bytes.remaining(), maxBytes - size);
      ByteBuffer part = bytes.slice(bytes.position(), room);
      while (part.hasRemaining()) size += out.write(part);
      bytes.position(bytes.position() + room);
    }
  }

  /** Bytes in the current file. */
  public long size() { return size; }

  /**
   * Shifts path.1 … up by one (renames of files this log made), copies the current file to path.1 and empties
   * it in place: the log at path keeps its inode, so the agent's record of it (by inode) stays true across
   * rotations and agent restarts.
   */
  private void rotate() throws IOException {
    boolean shifted = true;
    for (int i = files - 1; i >= 2 && shifted; i--) {
      Path to = numbered(i);
      Path from = numbered(i - 1);
      if (!mayReplace(to)) {
        shifted = false; // a foreign file sits at a rotated name: keep it, drop this log's old output instead
        break;
      }
      if (Files.exists(from, LinkOption.NOFOLLOW_LINKS) && made.contains(inode(from))) {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    if (files > 1 && shifted && mayReplace(numbered(1))) {
      Path first = numbered(1);
      Files.deleteIfExists(first); // one this log made (mayReplace), or nothing
      Files.copy(path, first, LinkOption.NOFOLLOW_LINKS); // new file, the log's own mode (0600)
      made.add(inode(first));
    }
    out.truncate(0);
    size = 0;
  }

  private boolean mayReplace(Path p) throws IOException {
    return !Files.exists(p, LinkOption.NOFOLLOW_LINKS) || made.contains(inode(p));
  }

  private Path numbered(int i) { return path.resolveSibling(path.getFileName() + "." + i); }

  private static String inode(Path p) throws IOException {
    try {
      Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
      return a.get("dev") + ":" + a.get("ino");
    } catch (NoSuchFileException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException { out.close(); }
}
