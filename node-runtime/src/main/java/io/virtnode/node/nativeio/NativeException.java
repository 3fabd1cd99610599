package io.virtnode.node.nativeio;

import java.io.IOException;

/** A libc call that failed, naming the call, what it was applied to, and errno. */
public class NativeException extends IOException {
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EBADF = 9;
  public static final int EAGAIN = 11;
  public static final int EPIPE = 32;
  public static final int ECONNRESET = 104;
  public static final int ECONNREFUSED = 111;

  private final String call;
  private final int errno;
  private final String errnoName;

  NativeException(String call, String subject, int errno, String errnoName, String description) {
    super(call + "(" + subject + ") failed: " + errnoName + " (" + description + ")");
    this.call = call;
    this.errno = errno;
    this.errnoName = errnoName;
  }

  /** The libc function that failed, e.g. "connect". */
  public String call() { return call; }

  /** The raw errno value (Linux numbering). */
  public int errno() { return errno; }

  /** The symbolic errno name, e.g. "ECONNREFUSED", or "errno N" when libc cannot name it. */
  public String errnoName() { return errnoName; }
}
