package io.virtnode.node.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Linux guest for host tests: Debian's cloud kernel and busybox, fetched with apt-get download and
 * cached under target/guest. Its /init loads the virtio modules and prints to ttyS0 "VN-GUEST-READY" and,
 * whenever the set changes, "VN-BLOCK &lt;names in /sys/block&gt;", so a test sees disks arrive and go.
 */
public final class GuestImage {
  /** Guest modules, in load order (virtio_ring before virtio). */
  static final List<String> MODULES = List.of("virtio_ring", "virtio", "virtio_pci_legacy_dev",
      "virtio_pci_modern_dev", "virtio_pci", "virtio_blk", "scsi_common", "scsi_mod", "sd_mod", "virtio_scsi");
  private static final Path DIR = Path.of("target/guest").toAbsolutePath();
  private static final String INIT = """
      #!/bin/busybox sh
      /bin/busybox mkdir -p /proc /sys /dev /sbin /usr/bin /usr/sbin
      /bin/busybox --install -s
      mount -t proc proc /proc
      mount -t sysfs sys /sys
      mount -t devtmpfs dev /dev
      for m in %s; do insmod /lib/modules/$m.ko || echo "VN-MODULE-FAILED $m"; done
      old=""
      now=$(ls /sys/block | tr '\\n' ' ')
      echo "VN-GUEST-READY $now"
      while true; do
        now=$(ls /sys/block | tr '\\n' ' ')
        if [ "$now" != "$old" ]; then echo "VN-BLOCK [$now]"; old="$now"; fi
        usleep 200000
      done
      """.formatted(String.join(" ", MODULES));

  /** The kernel and initramfs to boot with -kernel/-initrd. */
  public record Guest(Path kernel, Path initrd) {
    /** QEMU options that boot it with its console on the first serial port. */
    public List<String> qemuArgs() {
      return List.of("-kernel", kernel.toString(), "-initrd", initrd.toString(), "-append",
          "console=ttyS0 panic=-1 quiet loglevel=3");
    }
  }

  private GuestImage() {}

  /** Builds the guest once per checkout (cached); fails naming what is missing. */
  public static synchronized Guest get() throws Exception {
    Path kernel = DIR.resolve("vmlinuz");
    Path initrd = DIR.resolve("initrd.gz");
    Path stamp = DIR.resolve("built-" + Integer.toHexString(INIT.hashCode()));
    if (Files.exists(stamp) && Files.exists(kernel) && Files.exists(initrd)) {
      return new Guest(kernel, initrd);
    }
    Path debs = Files.createDirectories(DIR.resolve("debs"));
    String kernelPackage = kernelPackage();
    if (!hasDeb(debs, kernelPackage) || !hasDeb(debs, "busybox-static")) {
      run(debs, "apt-get", "download", kernelPackage, "busybox-static");
    }
    Path extract = DIR.resolve("extract");
    run(DIR, "rm", "-rf", extract.toString(), DIR.resolve("root").toString());
    Files.createDirectories(extract);
    try (Stream<Path> files = Files.list(debs)) {
      for (Path deb : files.filter(p -> p.toString().endsWith(".deb")).toList()) {
        run(DIR, "dpkg-deb", "-x", deb.toString(), extract.toString());
      }
    }
    Path root = Files.createDirectories(DIR.resolve("root"));
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("lib/modules"));
    Files.copy(extract.resolve("bin/busybox"), root.resolve("bin/busybox"));
    String release = kernelPackage.substring("linux-image-".length());
    Path modules = extract.resolve("lib/modules").resolve(release).resolve("kernel");
    for (String m : MODULES) {
      try (Stream<Path> found = Files.walk(modules)) {
        Path ko = found.filter(p -> p.getFileName().toString().equals(m + ".ko")).findFirst()
            .orElseThrow(() -> new IOException("module " + m + ".ko not in " + kernelPackage));
        Files.copy(ko, root.resolve("lib/modules").resolve(m + ".ko"));
      }
    }
    Path init = root.resolve("init");
    Files.writeString(init, INIT);
    Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
    run(root, "/bin/bash", "-c", "find . | cpio -o -H newc --quiet | gzip -1 > " + initrd);
    Files.copy(extract.resolve("boot").resolve("vmlinuz-" + release), kernel,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(stamp, kernelPackage + "\n");
    return new Guest(kernel, initrd);
  }

  /** The versioned kernel package the cloud metapackage names, e.g. linux-image-6.1.0-57-cloud-amd64. */
  private static String kernelPackage() throws Exception {
    String out = run(DIR, "apt-cache", "depends", "linux-image-cloud-amd64");
    return out.lines().map(String::trim).filter(l -> l.startsWith("Depends: linux-image-"))
        .map(l -> l.substring("Depends: ".length())).findFirst()
        .orElseGet(() -> fail("apt-cache names no kernel for linux-image-cloud-amd64 (run apt-get update): " + out));
  }

  private static boolean hasDeb(Path debs, String pkg) throws IOException {
    try (Stream<Path> files = Files.list(debs)) {
      return files.anyMatch(p -> p.getFileName().toString().startsWith(pkg + "_"));
    }
  }

  private static String run(Path dir, String... cmd) throws Exception {
    Files.createDirectories(dir);
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail("building the test guest: " + String.join(" ", cmd) + " failed (needs apt-get, dpkg-deb, cpio and"
          + " network access to the Debian mirror): " + out);
    }
    return out;
  }
}
