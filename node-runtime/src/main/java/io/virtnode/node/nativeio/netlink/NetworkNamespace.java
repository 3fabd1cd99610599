package io.virtnode.node.nativeio.netlink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code inside a named network namespace (/run/netns/NAME, as `ip netns add` creates) on a dedicated
 * thread that setns()es into it and then ends, so no pooled thread is ever left in another namespace.
 * Sockets created there stay in that namespace after the thread ends.
 */
public final class NetworkNamespace {
  private static final Path NETNS_DIR = Path.of("/run/netns");

  /** Code that may throw IOException. */
  @FunctionalInterface
  public interface IoCallable<T> {
    T call() throws IOException;
  }

  /** Code that reads a sysfs tree mounted for the namespace. */
  @FunctionalInterface
  public interface SysfsReader<T> {
    T read(Path sysRoot) throws IOException;
  }

  private NetworkNamespace() {}

  /** Runs body in the named namespace; null runs it here, in the caller's namespace. */
  public static <T> T call(String name, IoCallable<T> body) throws IOException {
    if (name == null) {
      return body.call();
    }
    return onThread(name, () -> {
      enter(name);
      return body.call();
    });
  }

  /**
   * Reads sysfs as the named namespace sees it: /sys shows the namespace of whoever mounted it, so the
   * thread enters the namespace, takes a private mount namespace and mounts a fresh sysfs on a temporary
   * directory (as `ip netns exec` does); null reads the caller's /sys.
   */
  public static <T> T readSysfs(String name, SysfsReader<T> reader) throws IOException {
    if (name == null) {
      return reader.read(Path.of("/sys"));
    }
    Path dir = Files.createTempDirectory("virtnode-sysfs-");
    try {
      return onThread(name, () -> {
        enter(name);
        NetlinkNative.LibC libc = NetlinkNative.libc();
        if (libc.unshare(NetlinkNative.CLONE_NEWNS) < 0) {
          throw NetlinkNative.failure("unshare", "CLONE_NEWNS");
        }
        if (libc.mount("none", "/", null, NetlinkNative.MS_REC | NetlinkNative.MS_SLAVE, null) < 0) {
          throw NetlinkNative.failure("mount", "/ rslave");
        }
        if (libc.mount("sysfs", dir.toString(), "sysfs", 0, null) < 0) {
          throw NetlinkNative.failure("mount", "sysfs on " + dir);
        }
        try {
          return reader.read(dir);
        } finally {
          libc.umount2(dir.toString(), NetlinkNative.MNT_DETACH);
        }
      });
    } finally {
      Files.deleteIfExists(dir);
    }
  }

  private static void enter(String name) throws IOException {
    if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
      throw new IOException("network namespace name '" + name + "' is not a plain name under " + NETNS_DIR);
    }
    NetlinkNative.LibC libc = NetlinkNative.libc();
    String path = NETNS_DIR.resolve(name).toString();
    int fd = libc.open(path, NetlinkNative.O_RDONLY | NetlinkNative.O_CLOEXEC, 0);
    if (fd < 0) {
      throw NetlinkNative.failure("open", path);
    }
    try {
      if (libc.setns(fd, NetlinkNative.CLONE_NEWNET) < 0) {
        throw NetlinkNative.failure("setns", path);
      }
    } finally {
      libc.close(fd);
    }
  }

  private static <T> T onThread(String name, IoCallable<T> body) throws IOException {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        result.set(body.call());
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "netns-" + name);
    thread.setDaemon(true);
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while working in network namespace " + name, e);
    }
    Throwable t = failure.get();
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof UncheckedIOException io) {
      throw io.getCause();
    }
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return result.get();
  }
}
