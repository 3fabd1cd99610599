package io.virtnode.operator.plugin;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The controlling terminal in raw mode (no echo, no line editing, no signals) via stty, restored on close. */
final class RawTerminal implements AutoCloseable {
  private static final File TTY = new File("/dev/tty");

  private final String saved;

  private RawTerminal(String saved) {
    this.saved = saved;
  }

  /** Saves the terminal's settings and switches it to raw mode. */
  static RawTerminal enter() throws IOException, InterruptedException {
    String saved = stty("-g").trim();
    stty("raw", "-echo");
    return new RawTerminal(saved);
  }

  @Override public void close() throws IOException, InterruptedException {
    stty(saved);
  }

  private static String stty(String... args) throws IOException, InterruptedException {
    String[] argv = new String[args.length + 1];
    argv[0] = "stty";
    System.arraycopy(args, 0, argv, 1, args.length);
    Process process = new ProcessBuilder(argv).redirectInput(TTY).redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) throw new IOException("stty " + String.join(" ", args) + " failed");
    return output;
  }
}
