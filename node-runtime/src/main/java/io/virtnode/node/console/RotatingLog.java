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
  private final Path madeDir;
  private FileChannel out;
  private long size;

  /** Opens (appending to) path, which must be absent or a regular file; symlinks are never followed. */
  public RotatingLog(Path path, long maxBytes, int files) throws IOException {
    this(path, maxBytes, files, null);
  }

  /**
   * As above, remembering which rotated files this log made in madeDir (one file per log, named by the log's
   * inode), so that a reopened log (agent or VM restart) rotates them on instead of emptying itself.
   */
  public RotatingLog(Path path, long maxBytes, int files, Path madeDir) throws IOException {
    this.madeDir = madeDir;
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
    loadMade();
  }

  /** Rotated files an earlier writer of this log recorded, still where it put them and as it made them. */
  private void loadMade() throws IOException {
    Path record = madeRecord();
    if (record == null || !Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)) return;
    Set<String> recorded = new HashSet<>(Files.readAllLines(record));
    int me = io.virtnode.node.nativeio.FileCalls.geteuid(); // the agent makes every rotated file
    for (int i = 1; i < files; i++) {
      Path p = numbered(i);
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
      Map<String, Object> a = Files.readAttributes(p, "unix:uid,nlink", LinkOption.NOFOLLOW_LINKS);
      if (recorded.contains(fingerprint(p)) && a.get("uid").equals(me) && ((Integer) a.get("nlink")) == 1) {
        made.add(inode(p));
      }
    }
  }

  private void saveMade() throws IOException {
    Path record = madeRecord();
    if (record == null) return;
    Files.createDirectories(madeDir);
    StringBuilder text = new StringBuilder();
    for (int i = 1; i < files; i++) {
      String ino = inode(numbered(i));
      if (!ino.isEmpty() && made.contains(ino)) text.append(fingerprint(numbered(i))).append('\n');
    }
    Path tmp = record.resolveSibling(record.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * A rotated file as it was made: inode, size and modification time (a rotated file is never written again,
   * and renames keep both), so a new file that reuses a freed inode number is not taken for it.
   */
  private static String fingerprint(Path p) throws IOException {
    var a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return inode(p) + ":" + a.size() + ":" + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private Path madeRecord() throws IOException {
    return madeDir == null ? null : madeDir.resolve(inode(path).replace(':', '-'));
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
    saveMade();
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
