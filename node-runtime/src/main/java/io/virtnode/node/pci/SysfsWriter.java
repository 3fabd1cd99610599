package io.virtnode.node.pci;

import io.virtnode.node.nativeio.FileCalls;
import io.virtnode.node.nativeio.NativeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes one value to a sysfs attribute with a single write(2), as the kernel's store expects, and reports the
 * errno the store answered (EBUSY, ENODEV, EINVAL…) as a {@link NativeException} naming the file.
 */
public class SysfsWriter {
  private static final int O_WRONLY = 1;
  private static final int O_CLOEXEC = 02000000;
  private static final int EINTR = 4;

  /** Writes value to file; the failure names the call (open or write), the file and the errno. */
  public void write(Path file, String value) throws NativeException {
    if (SysfsNative.CALLS == null) {
      throw new IllegalStateException("libc bindings unavailable", SysfsNative.UNAVAILABILITY_CAUSE);
    }
    byte[] path = cString(file.toString());
    int fd;
    do {
      fd = SysfsNative.CALLS.open(path, O_WRONLY | O_CLOEXEC);
    } while (fd < 0 && SysfsNative.errno() == EINTR);
    if (fd < 0) {
      throw FileCalls.error("open", file.toString(), SysfsNative.errno());
    }
    try {
      byte[] data = value.getBytes(StandardCharsets.US_ASCII);
      long n;
      do {
        n = SysfsNative.CALLS.write(fd, data, data.length);
      } while (n < 0 && SysfsNative.errno() == EINTR);
      if (n < 0) {
        throw FileCalls.error("write", "'" + value.trim() + "' to " + file, SysfsNative.errno());
      }
      if (n != data.length) {
        throw FileCalls.error("write", "'" + value.trim() + "' to " + file + " (short write " + n + ")",
            Errno.EIO);
      }
    } finally {
      SysfsNative.CALLS.close(fd);
    }
  }

  private static byte[] cString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(b, b.length + 1);
  }
}
