package io.virtnode.node.files;

/** What a VM's QEMU does with a file; decides who else may use it at the same time. */
public enum FileRole {
  DISK_RW, DISK_RO, BACKING, CHARDEV_FILE, SOCKET;

  /** Only read-only disks and backing layers may be shared, and only with each other. */
  public boolean shareable() { return this == DISK_RO || this == BACKING; }

  /** A disk of any kind (its content is a guest's data, never a console). */
  public boolean disk() { return this == DISK_RW || this == DISK_RO || this == BACKING; }

  /** How a person would name the role in a message. */
  public String describe() {
    return switch (this) {
      case DISK_RW -> "writable disk";
      case DISK_RO -> "read-only disk";
      case BACKING -> "backing layer";
      case CHARDEV_FILE -> "char-device file";
      case SOCKET -> "socket";
    };
  }
}
