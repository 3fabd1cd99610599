package io.virtnode.e2e.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Builds {@link TestGuest}'s boot image from Debian packages with Debian's own tools. */
final class GuestBuild {
  private static final String KERNEL_META = "linux-image-cloud-amd64";
  private static final String INIT = """
      #!/bin/busybox sh
      B=/bin/busybox
      $B mount -t proc proc /proc
      $B mount -t sysfs sys /sys
      $B mount -t devtmpfs dev /dev
      for m in %s; do $B insmod /lib/modules/$m.ko; done
      echo GUEST-READY
      if $B grep -q virtnode.flood=1 /proc/cmdline; then
        i=0
        while true; do i=$((i+1)); echo "GUEST-FLOOD $i ................................................"; done
      fi
      block=; net=
      while true; do
        b=$($B ls /sys/block | $B tr '\\n' ' ')
        n=$($B ls /sys/class/net | $B tr '\\n' ' ')
        if [ "$b" != "$block" ]; then echo "GUEST-BLOCK: $b"; block=$b; fi
        if [ "$n" != "$net" ]; then echo "GUEST-NET: $n"; net=$n; fi
        $B sleep 0.2
      done
      """;
  private static final String SYSLINUX_CFG = """
      DEFAULT linux
      LABEL linux
        KERNEL vmlinuz
        INITRD initrd.gz
        APPEND console=ttyS0 quiet loglevel=1 panic=-1%s
      """;

  private final Path cache;
  private final List<String> modules;
  private final List<String[]> tools;

  GuestBuild(Path cache, List<String> modules, List<String[]> tools) {
    this.cache = cache;
    this.modules = modules;
    this.tools = tools;
  }

  /** Builds the image and moves it into place atomically (a concurrent build loses nothing). */
  void buildInto(Path target) throws IOException {
    checkTools();
    Path work = Files.createDirectories(cache).resolve("build-" + ProcessHandle.current().pid());
    Path debs = Files.createDirectories(work.resolve("debs"));
    String kernelPackage = kernelPackage();
    run(debs, "apt-get", "download", "-q", kernelPackage, "busybox-static");
    Path root = Files.createDirectories(work.resolve("root"));
    try (Stream<Path> files = Files.list(debs)) {
      for (Path deb : files.filter(f -> f.toString().endsWith(".deb")).toList()) {
        run(work, "dpkg-deb", "-x", deb.toString(), root.toString());
      }
    }
    Path kernel = only(root.resolve("boot"), "vmlinuz-");
    String version = kernel.getFileName().toString().substring("vmlinuz-".length());
    Path initrd = initramfs(work, root, root.resolve("lib/modules").resolve(version).resolve("kernel"));
    Path img = work.resolve("boot.img");
    long mib = (Files.size(kernel) + Files.size(initrd)) / (1 << 20) + 4;
    run(work, "truncate", "-s", mib + "M", img.toString());
    run(work, "mkfs.fat", "-n", "GUEST", img.toString());
    Path cfg = Files.writeString(work.resolve("syslinux.cfg"), SYSLINUX_CFG.formatted(""));
    run(work, "mcopy", "-i", img.toString(), kernel.toString(), "::vmlinuz");
    run(work, "mcopy", "-i", img.toString(), initrd.toString(), "::initrd.gz");
    run(work, "mcopy", "-i", img.toString(), cfg.toString(), "::syslinux.cfg");
    run(work, "syslinux", "--install", img.toString());
    Files.setPosixFilePermissions(img, PosixFilePermissions.fromString("rw-r--r--"));
    Files.move(img, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    run(cache, "rm", "-rf", work.toString());
  }

  /** Version of what the image holds (init and boot config): a cached image of another version is rebuilt. */
  static String version() {
    try {
      byte[] sha = java.security.MessageDigest.getInstance("SHA-256")
          .digest((INIT + SYSLINUX_CFG).getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(sha, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Boots image with extra kernel arguments: its syslinux.cfg is replaced (image must be a copy). */
  static void withKernelArgs(Path image, String args) throws IOException {
    Path cfg = Files.createTempFile("syslinux", ".cfg");
    try {
      Files.writeString(cfg, SYSLINUX_CFG.formatted(" " + args));
      run(image.getParent(), "mcopy", "-o", "-i", image.toString(), cfg.toString(), "::syslinux.cfg");
    } finally {
      Files.deleteIfExists(cfg);
    }
  }

  private Path initramfs(Path work, Path root, Path kernelModules) throws IOException {
    Path dir = Files.createDirectories(work.resolve("initramfs"));
    for (String d : List.of("bin", "lib/modules", "proc", "sys", "dev")) {
      Files.createDirectories(dir.resolve(d));
    }
    Files.copy(root.resolve("bin/busybox"), dir.resolve("bin/busybox"));
    List<String> names = new ArrayList<>();
    for (String m : modules) {
      Path ko = kernelModules.resolve(m + ".ko");
      if (!Files.exists(ko)) {
        throw new IllegalStateException("kernel module " + m + ".ko is missing from " + kernelModules);
      }
      String name = ko.getFileName().toString();
      Files.copy(ko, dir.resolve("lib/modules").resolve(name));
      names.add(name.substring(0, name.length() - 3));
    }
    Path init = Files.writeString(dir.resolve("init"), INIT.formatted(String.join(" ", names)));
    Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path out = work.resolve("initrd.gz");
    run(dir, "bash", "-c", "set -o pipefail; find . | cpio -o -H newc --quiet | gzip -1 > " + out);
    return out;
  }

  private void checkTools() {
    List<String> missing = tools.stream().filter(t -> !Files.isExecutable(Path.of(t[0])))
        .map(t -> t[0] + " (Debian package " + t[1] + ")").toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("the test guest cannot be built: missing " + String.join(", ", missing)
          + "; install with apt-get install -y --no-install-recommends syslinux mtools dosfstools cpio");
    }
  }

  /** The versioned kernel package the cloud meta-package depends on. */
  private String kernelPackage() throws IOException {
    String out = run(cache, "apt-cache", "depends", KERNEL_META);
    return out.lines().map(String::strip).filter(l -> l.startsWith("Depends: linux-image-"))
        .map(l -> l.substring("Depends: ".length())).findFirst()
        .orElseThrow(() -> new IllegalStateException("apt knows no " + KERNEL_META
            + " (its package lists are empty or old): run apt-get update"));
  }

  private static Path only(Path dir, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + prefix + "* in " + dir));
    }
  }

  private static String run(Path dir, String... command) throws IOException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted", e));
    }
  }
}
