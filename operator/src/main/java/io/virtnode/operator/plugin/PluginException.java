package io.virtnode.operator.plugin;

/** A failure the plugin reports as one clear message and a non-zero exit code, never a stack trace. */
final class PluginException extends RuntimeException {
  /** Exit code of a failed action (not found, refused, migration failed). */
  static final int FAILED = 1;
  /** Exit code when a wait ran out of time. */
  static final int TIMED_OUT = 3;

  private final int exitCode;

  PluginException(String message) {
    this(message, FAILED);
  }

  PluginException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
