package io.virtnode.node.domain;

import java.util.List;
import java.util.Map;

/**
 * The result of planning: the exact QEMU argv, the addresses it uses, each disk's block node name
 * (disks are identified by node name, since BLOCK_IO_ERROR carries an empty device), and the VNC endpoint.
 */
public record DomainPlan(List<String> argv, AddressBook addresses, Map<String, String> diskNodeNames,
    String vncEndpoint) {
  public DomainPlan {
    argv = List.copyOf(argv);
    diskNodeNames = Map.copyOf(diskNodeNames);
  }
}
