package io.virtnode.node.files;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Looks at a path without following symlinks: its key, type, owner and link count. */
public final class FileProbe {
  /** What stat says of one path. */
  public record Facts(FileKey key, long dev, int mode, int uid, long nlink, long size) {
    public int type() { return mode & 0170000; }
    public boolean regular() { return type() == 0100000; }
    public boolean blockDevice() { return type() == 0060000; }
    public boolean fifo() { return type() == 0010000; }
    public boolean socket() { return type() == 0140000; }
    public boolean directory() { return type() == 0040000; }

    public String typeName() {
      return switch (type()) {
        case 0100000 -> "regular file";
        case 0060000 -> "block device";
        case 0020000 -> "character device";
        case 0010000 -> "FIFO";
        case 0140000 -> "socket";
        case 0040000 -> "directory";
        case 0120000 -> "symbolic link";
        default -> "file of type " + Integer.toOctalString(type());
      };
    }
  }

  /** Facts of p, or empty when nothing is there. */
  public Optional<Facts> facts(Path p) throws IOException {
    Map<String, Object> a;
    try {
      a = java.nio.file.Files.readAttributes(p, "unix:dev,ino,mode,uid,nlink,size,rdev", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    int mode = (Integer) a.get("mode");
    long dev = (Long) a.get("dev");
    FileKey key = (mode & 0170000) == 0060000 ? FileKey.blockDevice((Long) a.get("rdev"))
        : new FileKey(dev, (Long) a.get("ino"));
    return Optional.of(new Facts(key, dev, mode, (Integer) a.get("uid"), ((Number) a.get("nlink")).longValue(),
        (Long) a.get("size")));
  }

  /** The key of p, or empty when nothing is there or it cannot be looked at. */
  public Optional<FileKey> keyOf(Path p) {
    try {
      return facts(p).map(Facts::key);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
