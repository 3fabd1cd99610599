package io.virtnode.node.pci.emulated;

import static io.virtnode.node.pci.Errno.EACCES;
import static io.virtnode.node.pci.Errno.EINVAL;
import static io.virtnode.node.pci.Errno.EIO;
import static io.virtnode.node.pci.Errno.EISDIR;
import static io.virtnode.node.pci.Errno.ENOENT;
import static io.virtnode.node.pci.Errno.ENOTDIR;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import jnr.ffi.Pointer;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * The FUSE face of the emulated tree: every getattr/readdir/readlink/read/write goes to the
 * {@link EmulatedSysfsTree}, and a store's {@link KernelError} becomes the errno the writer's write(2) gets.
 */
final class PciFuseFs extends FuseStubFS {
  private static final int O_ACCMODE = 3;

  private final EmulatedSysfsTree tree;
  private final CompletableFuture<Void> initialised = new CompletableFuture<>();

  PciFuseFs(EmulatedSysfsTree tree) {
    this.tree = tree;
  }

  /** Completes when the kernel's FUSE_INIT reached us: the mount is live. */
  CompletableFuture<Void> initialised() { return initialised; }

  @Override
  public Pointer init(Pointer conn) {
    initialised.complete(null);
    return null;
  }

  @Override
  public int getattr(String path, FileStat stat) {
    Optional<SysfsNode> node = tree.lookup(path);
    if (node.isEmpty()) {
      return -ENOENT;
    }
    SysfsNode n = node.get();
    if (n instanceof SysfsNode.Dir) {
      stat.st_mode.set(FileStat.S_IFDIR | 0755);
      stat.st_nlink.set(2);
    } else if (n instanceof SysfsNode.Link l) {
      stat.st_mode.set(FileStat.S_IFLNK | 0777);
      stat.st_size.set(l.target().length());
      stat.st_nlink.set(1);
    } else if (n instanceof SysfsNode.Attr a) {
      stat.st_mode.set(FileStat.S_IFREG | (a.writable() ? 0644 : 0444));
      stat.st_size.set(a.size());
      stat.st_nlink.set(1);
    } else if (n instanceof SysfsNode.CharDev c) {
      stat.st_mode.set(FileStat.S_IFCHR | 0600);
      stat.st_rdev.set(((long) c.major() << 8) | c.minor());
      stat.st_nlink.set(1);
    }
    return 0;
  }

  @Override
  public int readlink(String path, Pointer buf, @size_t long size) {
    Optional<SysfsNode> node = tree.lookup(path);
    if (node.isEmpty()) {
      return -ENOENT;
    }
    if (!(node.get() instanceof SysfsNode.Link link)) {
      return -EINVAL;
    }
    byte[] target = link.target().getBytes(StandardCharsets.UTF_8);
    int n = (int) Math.min(target.length, size - 1);
    buf.put(0, target, 0, n);
    buf.putByte(n, (byte) 0);
    return 0;
  }

  @Override
  public int readdir(String path, Pointer buf, FuseFillDir filter, @off_t long offset, FuseFileInfo fi) {
    Optional<SysfsNode> node = tree.lookup(path);
    if (node.isEmpty()) {
      return -ENOENT;
    }
    if (!(node.get() instanceof SysfsNode.Dir dir)) {
      return -ENOTDIR;
    }
    filter.apply(buf, ".", null, 0);
    filter.apply(buf, "..", null, 0);
    for (String name : dir.children()) {
      filter.apply(buf, name, null, 0);
    }
    return 0;
  }

  @Override
  public int open(String path, FuseFileInfo fi) {
    Optional<SysfsNode> node = tree.lookup(path);
    if (node.isEmpty()) {
      return -ENOENT;
    }
    if (node.get() instanceof SysfsNode.Dir) {
      return -EISDIR;
    }
    boolean writing = (fi.flags.get() & O_ACCMODE) != 0;
    if (node.get() instanceof SysfsNode.Attr a && writing && !a.writable()) {
      return -EACCES; // kernfs refuses to open an attribute without a store for writing
    }
    return node.get() instanceof SysfsNode.Attr ? 0 : -EACCES;
  }

  @Override
  public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    Optional<SysfsNode> node = tree.lookup(path);
    if (node.isEmpty() || !(node.get() instanceof SysfsNode.Attr a)) {
      return -ENOENT;
    }
    byte[] content;
    try {
      content = a.reader().read();
    } catch (RuntimeException e) {
      return -EIO;
    }
    if (offset >= content.length) {
      return 0;
    }
    int n = (int) Math.min(size, content.length - offset);
    buf.put(0, content, (int) offset, n);
    return n;
  }

  @Override
  public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    Optional<SysfsNode> node = tree.lookup(path);
    if (node.isEmpty() || !(node.get() instanceof SysfsNode.Attr a)) {
      return -ENOENT;
    }
    if (!a.writable()) {
      return -EACCES;
    }
    byte[] data = new byte[(int) size];
    buf.get(0, data, 0, data.length);
    try {
      a.store().write(offset, data);
      return (int) size;
    } catch (KernelError e) {
      return -e.errno();
    } catch (RuntimeException e) {
      return -EIO; // never let an exception unwind into libfuse
    }
  }

  @Override
  public int truncate(String path, @off_t long size) {
    return tree.lookup(path).isPresent() ? 0 : -ENOENT; // "echo x > attr" opens with O_TRUNC; sysfs ignores it
  }
}
