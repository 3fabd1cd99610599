package io.virtnode.node.qemu;

/** A QMP command that did not succeed: error reply, timeout, or a monitor that is gone. */
public class QmpException extends Exception {
  public QmpException(String message) { super(message); }

  public QmpException(String message, Throwable cause) { super(message, cause); }

  /** QEMU answered with {"error": {"class": ..., "desc": ...}}. */
  public static final class ErrorReply extends QmpException {
    private final String errorClass;

    public ErrorReply(String command, String errorClass, String desc) {
      super(command + " failed: " + errorClass + ": " + desc);
      this.errorClass = errorClass;
    }

    public String errorClass() { return errorClass; }
  }

  /** No reply within the command's timeout. */
  public static final class Timeout extends QmpException {
    public Timeout(String command, java.time.Duration timeout) {
      super(command + ": no reply within " + timeout.toMillis() + " ms");
    }
  }

  /** The monitor is closed or its QEMU process is not alive. */
  public static final class Closed extends QmpException {
    public Closed(String message) { super(message); }

    public Closed(String message, Throwable cause) { super(message, cause); }
  }
}
