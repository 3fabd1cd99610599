package io.virtnode.node.nativeio.netlink;

import java.io.IOException;
import java.time.Duration;

/** No answer to a netlink request within the socket's receive timeout. */
public class NetlinkTimeoutException extends IOException {
  NetlinkTimeoutException(String request, Duration timeout) {
    super(request + ": no answer within " + timeout.toMillis() + " ms");
  }
}
