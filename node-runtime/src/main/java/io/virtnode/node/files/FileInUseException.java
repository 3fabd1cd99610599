package io.virtnode.node.files;

import io.virtnode.node.security.PathRefusedException;

/** A file is refused because another VM (named in the message) holds it in a role that excludes this one. */
public final class FileInUseException extends PathRefusedException {
  private final FileHold holder;

  public FileInUseException(String path, FileRole wanted, FileHold holder) {
    super("FileInUse", path, "is the same file as " + holder.path() + ", the " + holder.role().describe() + " of VM "
        + holder.owner().display() + "; it cannot also be used as a " + wanted.describe()
        + (wanted.shareable() ? " (only read-only disks and backing layers are shared)" : "")
        + ": give this VM its own file");
    this.holder = holder;
  }

  /** The VM that holds the file. */
  public FileHold holder() { return holder; }
}
