package io.virtnode.node.nativeio.netlink;

import java.io.IOException;

/** The kernel (or a netlink peer) refused a request: names the request and the errno it answered. */
public class NetlinkException extends IOException {
  public static final int ENOENT = 2;
  public static final int ENODEV = 19;
  public static final int EEXIST = 17;
  public static final int EBUSY = 16;
  public static final int EINVAL = 22;
  public static final int EOPNOTSUPP = 95;

  private final String request;
  private final int errno;
  private final String errnoName;

  NetlinkException(String request, int errno) {
    this(request, errno, NetlinkNative.errnoName(errno), NetlinkNative.describe(errno));
  }

  private NetlinkException(String request, int errno, String errnoName, String description) {
    super(request + ": " + description + " (" + errnoName + ")");
    this.request = request;
    this.errno = errno;
    this.errnoName = errnoName;
  }

  /** The request as described, e.g. "RTM_NEWLINK macvtap vn0a1b on veth0". */
  public String request() { return request; }

  /** The positive errno the peer answered. */
  public int errno() { return errno; }

  /** The symbolic errno, e.g. "EEXIST". */
  public String errnoName() { return errnoName; }
}
