package io.virtnode.node.pci.emulated;

import static org.assertj.core.api.Assertions.fail;

import io.virtnode.node.pci.SysfsWriter;
import java.io.IOException;
import java.nio.file.Path;

/** Test support: mounts an emulated bus in a temp dir and gives a writer that can never touch the real /sys. */
public final class MountedBus {
  private MountedBus() {}

  /** Mounts bus under dir/mnt; a host without /dev/fuse or libfuse2 fails the test naming what is missing. */
  public static EmulatedPciHost mount(EmulatedPciBus bus, Path dir) {
    try {
      return EmulatedPciHost.mount(bus, dir.resolve("mnt"));
    } catch (IOException | RuntimeException e) {
      return fail("the emulated PCI bus needs FUSE: /dev/fuse and Debian package libfuse2 (apt-get install -y"
          + " libfuse2): " + e, e);
    }
  }

  /** A writer that refuses any path outside the emulated mount, so no test can write the real /sys. */
  public static SysfsWriter writerConfinedTo(EmulatedPciHost host) {
    Path root = host.root().toAbsolutePath().normalize();
    return new SysfsWriter() {
      @Override
      public void write(Path file, String value) throws io.virtnode.node.nativeio.NativeException {
        if (!file.toAbsolutePath().normalize().startsWith(root)) {
          throw new AssertionError("a test tried to write " + file + " outside the emulated bus " + root);
        }
        super.write(file, value);
      }
    };
  }
}
