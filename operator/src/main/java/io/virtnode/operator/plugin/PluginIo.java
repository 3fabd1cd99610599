package io.virtnode.operator.plugin;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The plugin's terminal: where commands read and write; interactive when stdin and stdout are a terminal
 * (then the console switches it to raw mode).
 */
public record PluginIo(InputStream in, PrintStream out, PrintStream err, boolean interactive) {
  /** The process's own streams; interactive when the JVM has a console. */
  public static PluginIo system() {
    return new PluginIo(System.in, System.out, System.err, System.console() != null);
  }
}
