package io.virtnode.node.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * Guest addresses by device id, e.g. "disk-root" → "pci:0x05", "disk-data" → "scsi:0:0:3",
 * "channel-org.qemu.guest_agent.0" → "virtio-serial:0:1". Kept by the agent so addresses stay stable.
 */
public record AddressBook(Map<String, String> addresses) {
  public static final AddressBook EMPTY = new AddressBook(Map.of());

  public AddressBook {
    addresses = Map.copyOf(addresses == null ? Map.of() : addresses);
  }

  public String get(String deviceId) { return addresses.get(deviceId); }

  /** Sorted view, for stable output. */
  public Map<String, String> sorted() { return new TreeMap<>(addresses); }
}
