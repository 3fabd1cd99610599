package io.virtnode.node.net;

import io.virtnode.node.nativeio.netlink.DeviceNodes;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An open macvtap character device: the node made for it and a read-write fd to hand to QEMU. Each frame
 * read or written on the fd is preceded by a 10-byte virtio_net_hdr (IFF_VNET_HDR is on by default).
 */
public record TapDevice(Path node, int major, int minor, int fd) implements AutoCloseable {
  /** Closes the fd (the node stays; {@link TapDeviceNode#remove} deletes it). */
  @Override
  public void close() throws IOException { DeviceNodes.close(fd); }
}
