package io.virtnode.node.security;

import io.virtnode.node.nativeio.FileCalls;
import io.virtnode.node.nativeio.NativeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SELinux driver: sets the {@code security.selinux} xattr of a VM's files through an O_PATH fd, recording
 * the original first. Labels, as libvirt's targeted policy does:
 * <ul>
 *   <li>private files (disks, char-device files, saved images, the monitor socket):
 *       {@code system_u:object_r:svirt_image_t:s0:cA,cB} with the VM's own MCS pair;</li>
 *   <li>shared storage: {@code svirt_image_t:s0} (no categories, so every VM's sVirt domain may use it);</li>
 *   <li>read-only backing files: {@code virt_content_t:s0} (readable by every VM, writable by none).</li>
 * </ul>
 * Inactive (every call a no-op) where SELinux is not enabled; the MCS pair is released by restoreAll.
 */
public final class SelinuxLabeler extends LedgerLabeler {
  static final String DRIVER = "selinux";
  static final String XATTR = "security.selinux";
  static final String PRIVATE = "system_u:object_r:svirt_image_t:s0";
  static final String SHARED = "system_u:object_r:svirt_image_t:s0";
  static final String READ_ONLY = "system_u:object_r:virt_content_t:s0";
  private static final Logger LOG = LoggerFactory.getLogger(SelinuxLabeler.class);
  private final McsAllocator mcs;
  private final boolean enabled;

  public SelinuxLabeler(McsAllocator mcs, LabelLedger ledger, boolean enabled) {
    super(DRIVER, ledger);
    this.mcs = mcs;
    this.enabled = enabled;
  }

  /** SELinux is enabled when selinuxfs is mounted (its {@code enforce} file exists), enforcing or not. */
  public static boolean probeEnabled(Path selinuxfs) { return Files.exists(selinuxfs.resolve("enforce")); }

  /** {@link #probeEnabled(Path)} on /sys/fs/selinux. */
  public static boolean probeEnabled() { return probeEnabled(Path.of("/sys/fs/selinux")); }

  @Override
  boolean enabled() { return enabled; }

  @Override
  String wanted(String vmId, LabelTarget target) throws IOException {
    if (target.kind().readOnly()) {
      return READ_ONLY;
    }
    return target.shared() ? SHARED : PRIVATE + ":" + mcs.allocate(vmId);
  }

  @Override
  Map<String, String> readOriginal(TargetFile file) throws IOException {
    Optional<byte[]> value = FileCalls.getxattr(file.fd, XATTR, file.path.toString());
    return value.<Map<String, String>>map(v -> Map.of("xattr", Base64.getEncoder().encodeToString(v)))
        .orElse(Map.of());
  }

  @Override
  void apply(TargetFile file, LabelTarget target, String wanted) throws IOException {
    byte[] value = (wanted + "\0").getBytes(StandardCharsets.UTF_8); // NUL-terminated, as libselinux writes
    Optional<byte[]> now = FileCalls.getxattr(file.fd, XATTR, file.path.toString());
    if (now.isEmpty() || !Arrays.equals(now.get(), value)) {
      FileCalls.setxattr(file.fd, XATTR, value, file.path.toString());
    }
  }

  @Override
  void putBack(TargetFile file, LedgerEntry entry) throws IOException {
    String original = entry.original().get("xattr");
    try {
      if (original == null) {
        FileCalls.removexattr(file.fd, XATTR, file.path.toString());
      } else {
        FileCalls.setxattr(file.fd, XATTR, Base64.getDecoder().decode(original), file.path.toString());
      }
    } catch (NativeException e) {
      if (e.errno() != FileCalls.EPERM && e.errno() != FileCalls.EACCES && e.errno() != 95 /* EOPNOTSUPP */) {
        throw e;
      }
      LOG.warn("Cannot give {} its SELinux label back ({}); the storage does not allow it, leaving it as is",
          file.path, e.getMessage());
    }
  }

  @Override
  void released(String vmId) throws IOException {
    if (enabled) {
      mcs.release(vmId);
    }
  }

  /** The full label a private file of this VM gets, e.g. for the monitor socket. */
  public String privateLabel(String vmId) throws IOException { return PRIVATE + ":" + mcs.allocate(vmId); }
}
