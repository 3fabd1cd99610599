package io.virtnode.node.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * virtio-serial port numbers (nr) of channels: an explicit port is kept, otherwise the previous one when
 * still free, otherwise the lowest free port from 1; nr 0 belongs to the console, the last is max_ports-1.
 */
final class ChannelPorts {
  static final int MAX_PORTS = 31;
  static final int FIRST = 1;
  static final int LAST = MAX_PORTS - 1;

  private ChannelPorts() {}

  /** Port by channel name, in spec order. */
  static Map<String, Integer> assign(List<ChannelSpec> channels, AddressBook previous) throws PlanException {
    Map<Integer, String> explicit = new LinkedHashMap<>();
    List<String> automatic = new ArrayList<>();
    for (ChannelSpec channel : channels) {
      Integer port = channel.port();
      if (port == null) {
        automatic.add(channel.name());
        continue;
      }
      if (port < FIRST || port > LAST) {
        throw new PlanException("InvalidChannelPort", "channel " + channel.name() + " asks for port " + port
            + ": use a port from " + FIRST + " to " + LAST + " (0 is the console's) or leave it empty");
      }
      String other = explicit.putIfAbsent(port, channel.name());
      if (other != null) {
        throw new PlanException("DuplicateChannelPort", "channels " + other + " and " + channel.name()
            + " both ask for virtio-serial port " + port + ": give each channel its own port");
      }
    }
    Set<Integer> taken = new HashSet<>(explicit.keySet());
    Map<String, Integer> auto = StableAssigner.assign(automatic,
        name -> Addresses.parseVirtioSerial(previous.get(DeviceIds.channel(name))), FIRST, LAST, taken,
        new PlanException("TooManyChannels", channels.size() + " channels do not fit the " + LAST
            + " virtio-serial ports: remove channels"));
    Map<String, Integer> result = new LinkedHashMap<>();
    for (ChannelSpec channel : channels) {
      result.put(channel.name(), channel.port() != null ? channel.port() : auto.get(channel.name()));
    }
    return result;
  }
}
