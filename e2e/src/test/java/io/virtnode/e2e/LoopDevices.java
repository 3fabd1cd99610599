package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loop block devices over small files, for tests of block disks and device ACLs; detached on close. */
final class LoopDevices implements AutoCloseable {
  private final Path dir;
  private final List<String> attached = new ArrayList<>();

  LoopDevices(Path dir) { this.dir = dir; }

  /** Attaches a 1 MiB loop device and returns its /dev path. */
  String create(String name) throws Exception {
    Path backing = dir.resolve(name + ".loop");
    Files.write(backing, new byte[1 << 20]);
    Process p = new ProcessBuilder("losetup", "-f", "--show", backing.toString()).start();
    String dev = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor()).as("losetup (util-linux) with the loop driver").isZero();
    attached.add(dev);
    return dev;
  }

  /** {major, minor} of a block device. */
  static String[] numbers(String dev) throws Exception {
    return Files.readString(Path.of("/sys/class/block", Path.of(dev).getFileName().toString(), "dev")).trim()
        .split(":");
  }

  /** Makes a device node for dev at node (a disk path under a storage root). */
  static void mknod(Path node, String dev) throws Exception {
    String[] mm = numbers(dev);
    assertThat(new ProcessBuilder("mknod", node.toString(), "b", mm[0], mm[1]).start().waitFor()).isZero();
  }

  @Override public void close() throws Exception {
    for (String l : attached) new ProcessBuilder("losetup", "-d", l).start().waitFor();
  }
}
