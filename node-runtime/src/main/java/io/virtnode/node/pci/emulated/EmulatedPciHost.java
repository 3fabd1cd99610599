package io.virtnode.node.pci.emulated;

import io.virtnode.node.pci.PciSysfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An emulated PCI bus mounted with FUSE at a directory the caller owns: root/sys is a sysfs PCI tree and
 * root/dev holds dev/vfio, so production code given these roots reads and writes them as it would /sys and
 * /dev. Needs /dev/fuse and Debian's libfuse2. Closing unmounts.
 */
public final class EmulatedPciHost implements AutoCloseable {
  private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(30);

  private final EmulatedPciBus bus;
  private final Path root;
  private final PciFuseFs fs;
  private final Thread unmountAtExit;

  private EmulatedPciHost(EmulatedPciBus bus, Path root, PciFuseFs fs) {
    this.bus = bus;
    this.root = root;
    this.fs = fs;
    this.unmountAtExit = new Thread(fs::umount, "pci-emulation-unmount");
  }

  /** Mounts the bus at mountPoint (created if missing, must be empty). */
  public static EmulatedPciHost mount(EmulatedPciBus bus, Path mountPoint) throws IOException {
    if (!Files.exists(Path.of("/dev/fuse"))) {
      throw new IOException("cannot emulate a PCI bus: /dev/fuse is missing (load the fuse module)");
    }
    Files.createDirectories(mountPoint);
    PciFuseFs fs = new PciFuseFs(new EmulatedSysfsTree(bus));
    String[] options = {
        "-o", "fsname=virtnode-pci,subtype=virtnode-pci,nodev,allow_other,default_permissions",
        "-o", "entry_timeout=0,attr_timeout=0,negative_timeout=0,direct_io"};
    // jnr-fuse's non-blocking mount waits a fixed 2 s for an early failure; serve on our own thread instead and
    // wait for the kernel's FUSE_INIT, or for the loop to end (a failed mount).
    CompletableFuture<Void> ended = new CompletableFuture<>();
    Thread loop = new Thread(() -> {
      try {
        fs.mount(mountPoint, true, false, options);
        ended.complete(null);
      } catch (Throwable e) {
        ended.completeExceptionally(e);
      }
    }, "pci-emulation-fuse");
    loop.setDaemon(true);
    loop.start();
    EmulatedPciHost host = new EmulatedPciHost(bus, mountPoint, fs);
    Runtime.getRuntime().addShutdownHook(host.unmountAtExit);
    try {
      CompletableFuture.anyOf(fs.initialised(), ended).get(MOUNT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!fs.initialised().isDone()) {
        host.close();
        throw new IOException("the FUSE loop for " + mountPoint + " ended before the mount was live");
      }
    } catch (ExecutionException e) {
      host.close();
      throw new IOException("cannot mount the emulated PCI bus at " + mountPoint
          + " (it must be an empty directory; needs Debian package libfuse2 and /dev/fuse): " + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      host.close();
      throw new IOException("the emulated PCI bus at " + mountPoint + " did not start within " + MOUNT_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      host.close();
      throw new IOException("interrupted while mounting the emulated PCI bus", e);
    }
    return host;
  }

  public EmulatedPciBus bus() { return bus; }

  /** The mount point: holds sys/ and dev/. */
  public Path root() { return root; }

  /** What production code takes for /sys. */
  public Path sysRoot() { return root.resolve("sys"); }

  /** What production code takes for /dev. */
  public Path devRoot() { return root.resolve("dev"); }

  public PciSysfs sysfs() { return new PciSysfs(sysRoot()); }

  @Override
  public void close() {
    fs.umount();
    try {
      Runtime.getRuntime().removeShutdownHook(unmountAtExit);
    } catch (IllegalStateException exiting) {
      // the JVM is shutting down; the hook runs anyway
    }
  }
}
