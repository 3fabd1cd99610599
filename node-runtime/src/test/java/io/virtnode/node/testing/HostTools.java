package io.virtnode.node.testing;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates host tools for host-tier tests; a missing tool fails the test naming its Debian package. */
public final class HostTools {
  public static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
  public static final Path QEMU_IMG = Path.of("/usr/bin/qemu-img");

  private HostTools() {}

  public static Path qemu() {
    if (!Files.isExecutable(QEMU)) {
      fail(QEMU + " is missing: install Debian package qemu-system-x86"
          + " (apt-get install -y --no-install-recommends qemu-system-x86)");
    }
    return QEMU;
  }

  public static Path qemuImg() {
    if (!Files.isExecutable(QEMU_IMG)) {
      fail(QEMU_IMG + " is missing: install Debian package qemu-utils");
    }
    return QEMU_IMG;
  }
}
