package io.virtnode.node.files;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identity of a file on this host, whatever path reaches it: device + inode for files (hard links and bind
 * mounts are the same key), or the device number a block device node stands for (two nodes, one disk).
 */
public record FileKey(long dev, long ino) {
  /** Key of block device nodes: dev is this marker, ino the device number (rdev). */
  static final long BLOCK_DEVICE = -1;

  /** The key of block device number rdev, whichever node names it. */
  public static FileKey blockDevice(long rdev) { return new FileKey(BLOCK_DEVICE, rdev); }

  /** "dev:ino", the key's form in the registry file. */
  @JsonValue
  public String id() { return dev + ":" + ino; }

  @JsonCreator
  public static FileKey parse(String id) {
    int colon = id.lastIndexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("file key must be dev:ino, got " + id);
    return new FileKey(Long.parseLong(id.substring(0, colon)), Long.parseLong(id.substring(colon + 1)));
  }

  @Override public String toString() { return id(); }
}
