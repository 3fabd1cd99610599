package io.virtnode.node.storage;

/** qemu-img failed, timed out or printed something unreadable; the message carries qemu-img's own words. */
public class DiskChainException extends java.io.IOException {
  public DiskChainException(String message) { super(message); }

  public DiskChainException(String message, Throwable cause) { super(message, cause); }
}
