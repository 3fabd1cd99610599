package io.virtnode.node.qemu;

import java.util.EnumSet;
import java.util.Set;

/** What one QEMU binary can do, as probed; never guessed from its version. */
public record Capabilities(String binary, String version, Set<QemuCapability> flags) {
  public Capabilities {
    flags = flags.isEmpty() ? EnumSet.noneOf(QemuCapability.class) : EnumSet.copyOf(flags);
  }

  public boolean has(QemuCapability flag) { return flags.contains(flag); }
}
