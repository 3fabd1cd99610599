package io.virtnode.node.pci.emulated;

import java.util.List;

/** One entry of the emulated tree: a directory, a symlink, an attribute file or a character device. */
sealed interface SysfsNode {
  /** A directory and the names in it. */
  record Dir(List<String> children) implements SysfsNode {}

  /** A symlink with a relative target, as sysfs writes them. */
  record Link(String target) implements SysfsNode {}

  /** An attribute: content read on each access, and a store (null for read-only attributes). */
  record Attr(Reader reader, Store store, long size) implements SysfsNode {
    boolean writable() { return store != null; }
  }

  /** A device node under the emulated /dev. */
  record CharDev(int major, int minor) implements SysfsNode {}

  /** Produces an attribute's current content. */
  interface Reader {
    byte[] read();
  }

  /** Handles a write at an offset; a failure is a {@link KernelError} with the errno the writer sees. */
  interface Store {
    void write(long offset, byte[] data) throws KernelError;
  }
}
