package io.virtnode.node.nativeio;

/** What fstat(2) says about one inode: identity (dev, ino), type and permission bits, owner. */
public record FileStat(long dev, long ino, int mode, int uid, int gid, long nlink) {
  public static final int S_IFMT = 0170000;
  public static final int S_IFSOCK = 0140000;
  public static final int S_IFLNK = 0120000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFIFO = 0010000;

  /** The file type bits (S_IFMT part of mode). */
  public int type() { return mode & S_IFMT; }

  /** The permission bits (07777 part of mode). */
  public int permissions() { return mode & 07777; }

  public boolean isRegular() { return type() == S_IFREG; }

  public boolean isDirectory() { return type() == S_IFDIR; }

  public boolean isSymlink() { return type() == S_IFLNK; }

  public boolean isSocket() { return type() == S_IFSOCK; }

  public boolean isBlockDevice() { return type() == 0060000; }

  /** A short name of the file type for messages: "regular file", "symlink", "socket"… */
  public String typeName() {
    return switch (type()) {
      case S_IFSOCK -> "socket";
      case S_IFLNK -> "symlink";
      case S_IFREG -> "regular file";
      case S_IFBLK -> "block device";
      case S_IFDIR -> "directory";
      case S_IFCHR -> "character device";
      case S_IFIFO -> "fifo";
      default -> "file of type 0" + Integer.toOctalString(type());
    };
  }
}
