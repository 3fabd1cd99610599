package io.virtnode.node.security;

import java.nio.file.Path;

/** One file a VM's QEMU uses, what it is used as, and whether other hosts' VMs share the storage. */
public record LabelTarget(Path path, Kind kind, boolean shared) {
  /** What QEMU does with the file; decides the label (read-only content vs per-VM image). */
  public enum Kind {
    DISK, BACKING, CHARDEV_FILE, SAVED_IMAGE, MONITOR_SOCKET;

    /** Backing files of a chain are only read. */
    public boolean readOnly() { return this == BACKING; }
  }

  public LabelTarget {
    if (path == null || kind == null) {
      throw new IllegalArgumentException("label target needs a path and a kind, got " + path + " " + kind);
    }
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("label target path must be absolute: " + path);
    }
  }

  public static LabelTarget of(Path path, Kind kind) { return new LabelTarget(path, kind, false); }
}
