package io.virtnode.node.security;

import io.virtnode.node.nativeio.FileCalls;
import io.virtnode.node.nativeio.NativeException;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DAC driver: chowns a VM's files to the QEMU user and group through an O_PATH fd (never following a
 * symlink) and makes sure the owner can read (and, unless read-only, write) them; like libvirt it keeps the
 * rest of the mode. The original owner, group and mode are recorded first and given back by the last user.
 * EPERM/EACCES while giving back (NFS root squash) is a warning; while labelling it is an error.
 */
public final class DacLabeler extends LedgerLabeler {
  static final String DRIVER = "dac";
  private static final Logger LOG = LoggerFactory.getLogger(DacLabeler.class);
  private final int uid;
  private final int gid;
  private final Chown chown;

  /** The chown used on an fd; injectable so tests can fail the way root-squashed NFS does. */
  @FunctionalInterface
  interface Chown {
    void apply(int fd, int uid, int gid, String subject) throws IOException;
  }

  public DacLabeler(int qemuUid, int qemuGid, LabelLedger ledger) {
    this(qemuUid, qemuGid, ledger, FileCalls::fchown);
  }

  DacLabeler(int qemuUid, int qemuGid, LabelLedger ledger, Chown chown) {
    super(DRIVER, ledger);
    this.uid = qemuUid;
    this.gid = qemuGid;
    this.chown = chown;
  }

  @Override
  String wanted(String vmId, LabelTarget target) { return uid + ":" + gid; }

  @Override
  Map<String, String> readOriginal(TargetFile file) {
    return Map.of("uid", Integer.toString(file.stat.uid()), "gid", Integer.toString(file.stat.gid()),
        "mode", Integer.toOctalString(file.stat.permissions()));
  }

  @Override
  void apply(TargetFile file, LabelTarget target, String wanted) throws IOException {
    if (file.stat.uid() != uid || file.stat.gid() != gid) {
      chown.apply(file.fd, uid, gid, file.path.toString());
    }
    int perms = file.stat.permissions() & ~06000; // chown clears set-id bits; never set them back
    int mode = perms | (target.kind().readOnly() ? 0400 : 0600);
    if (mode != file.stat.permissions()) {
      FileCalls.fchmod(file.fd, mode, file.path.toString());
    }
  }

  @Override
  void putBack(TargetFile file, LedgerEntry entry) throws IOException {
    int ouid = Integer.parseInt(entry.original().get("uid"));
    int ogid = Integer.parseInt(entry.original().get("gid"));
    int omode = Integer.parseInt(entry.original().get("mode"), 8);
    try {
      if (file.stat.uid() != ouid || file.stat.gid() != ogid) {
        chown.apply(file.fd, ouid, ogid, file.path.toString());
      }
      if (file.stat.permissions() != omode) {
        FileCalls.fchmod(file.fd, omode, file.path.toString());
      }
    } catch (NativeException e) {
      if (e.errno() != FileCalls.EPERM && e.errno() != FileCalls.EACCES) {
        throw e;
      }
      LOG.warn("Cannot give {} back to {}:{} mode {} ({}); root is probably squashed on this storage, leaving"
          + " it as it is", file.path, ouid, ogid, Integer.toOctalString(omode), e.getMessage());
    }
  }
}
