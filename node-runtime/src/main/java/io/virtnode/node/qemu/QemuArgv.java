package io.virtnode.node.qemu;

import java.util.ArrayList;
import java.util.List;

/** A typed builder of a QEMU command line as a list of arguments; never a concatenated string. */
public final class QemuArgv {
  private final List<String> args = new ArrayList<>();

  /** Starts a command line with the QEMU binary as argv[0]. */
  public QemuArgv(String binary) {
    QemuOptions.checkValue("binary", binary);
    args.add(binary);
  }

  /** Appends a flag without a value, e.g. -S or -nodefaults. */
  public QemuArgv option(String flag) {
    args.add(checkFlag(flag));
    return this;
  }

  /** Appends a flag and its QemuOpts/keyval value, rendered with comma escaping. */
  public QemuArgv option(String flag, QemuOptions value) {
    args.add(checkFlag(flag));
    args.add(value.render());
    return this;
  }

  /**
   * Appends a flag whose value QEMU takes verbatim, not as QemuOpts (-pidfile, -uuid, -cpu): no comma
   * escaping, but control characters are still rejected.
   */
  public QemuArgv optionVerbatim(String flag, String value) {
    QemuOptions.checkValue(flag, value);
    args.add(checkFlag(flag));
    args.add(value);
    return this;
  }

  /** The command line built so far, as an immutable list. */
  public List<String> toList() {
    return List.copyOf(args);
  }

  private static String checkFlag(String flag) {
    if (flag == null || !flag.matches("-[A-Za-z][A-Za-z0-9-]*")) {
      throw new IllegalArgumentException("invalid QEMU flag '" + flag + "': expected e.g. -device");
    }
    return flag;
  }
}
