package io.virtnode.e2e.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A real Linux guest for tests that need the guest to see things: Debian's cloud kernel and busybox,
 * an initramfs whose init reports block devices and network links on the serial console, on a FAT disk
 * image that SeaBIOS boots through syslinux. Built once from Debian packages and cached under
 * {@code target/guest}; nothing is downloaded from anywhere but the Debian archive.
 *
 * <p>The guest prints {@code GUEST-READY}, then {@code GUEST-BLOCK: <devices>} and
 * {@code GUEST-NET: <links>} each time the set under {@code /sys/block} or {@code /sys/class/net} changes.
 * Booted with {@code virtnode.flood=1} ({@link #floodingCopyTo}) it prints {@code GUEST-FLOOD <n> ...} lines
 * on the serial console without end instead.
 */
public final class TestGuest {
  /** Kernel modules loaded in this order (dependencies first; virtio_ring before virtio). */
  static final List<String> MODULES = List.of("drivers/virtio/virtio_ring", "drivers/virtio/virtio",
      "drivers/virtio/virtio_pci_legacy_dev", "drivers/virtio/virtio_pci_modern_dev", "drivers/virtio/virtio_pci",
      "drivers/block/virtio_blk", "net/core/failover", "drivers/net/net_failover", "drivers/net/virtio_net",
      "drivers/scsi/scsi_common", "drivers/scsi/scsi_mod", "drivers/scsi/sd_mod", "drivers/scsi/virtio_scsi");
  /** Host tools the build needs, each with the Debian package that has it. */
  static final List<String[]> TOOLS = List.of(new String[] {"/usr/bin/apt-get", "apt"},
      new String[] {"/usr/bin/dpkg-deb", "dpkg"}, new String[] {"/usr/bin/cpio", "cpio"},
      new String[] {"/usr/sbin/mkfs.fat", "dosfstools"}, new String[] {"/usr/bin/mcopy", "mtools"},
      new String[] {"/usr/bin/syslinux", "syslinux"});

  private static final Path CACHE = Path.of("target", "guest").toAbsolutePath();
  private static Path image;

  private TestGuest() {}

  /** The boot image (built on first use); copy it per VM, since a VM's writable disk is its own. */
  public static synchronized Path image() throws IOException {
    if (image == null) {
      Path built = CACHE.resolve("boot-" + GuestBuild.version() + ".img");
      if (!Files.exists(built)) {
        new GuestBuild(CACHE, MODULES, TOOLS).buildInto(built);
      }
      image = built;
    }
    return image;
  }

  /** A copy at dest whose guest floods its serial console with numbered lines, as fast as it can. */
  public static Path floodingCopyTo(Path dest) throws IOException {
    copyTo(dest);
    GuestBuild.withKernelArgs(dest, "virtnode.flood=1");
    return dest;
  }

  /** Copies the boot image to dest (world-readable directory expected) for one VM. */
  public static Path copyTo(Path dest) throws IOException {
    return Files.copy(image(), dest, StandardCopyOption.REPLACE_EXISTING);
  }
}
