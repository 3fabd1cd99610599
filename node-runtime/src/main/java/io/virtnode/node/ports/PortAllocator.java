package io.virtnode.node.ports;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Hands out TCP ports from a range (VNC, later migration and NBD) without races: a port is reserved for
 * an owner under a lock, skipped when something else on the host already listens on it, and released only
 * by the owner holding it.
 */
public final class PortAllocator {
  private final int first;
  private final int last;
  private final InetAddress bindAddress;
  private final Map<Integer, String> reserved = new HashMap<>();

  public PortAllocator(int first, int last, InetAddress bindAddress) {
    if (first < 1 || last > 65535 || first > last) {
      throw new IllegalArgumentException("bad port range " + first + "-" + last);
    }
    this.first = first;
    this.last = last;
    this.bindAddress = bindAddress;
  }

  /** Reserves the lowest free port for owner; empty when the range is exhausted. */
  public synchronized OptionalInt reserve(String owner) {
    for (int port = first; port <= last; port++) {
      if (!reserved.containsKey(port) && bindable(port)) {
        reserved.put(port, owner);
        return OptionalInt.of(port);
      }
    }
    return OptionalInt.empty();
  }

  /** Records a port a running VM already holds (after an agent restart); false if another owner has it. */
  public synchronized boolean adopt(int port, String owner) {
    String holder = reserved.putIfAbsent(port, owner);
    return holder == null || holder.equals(owner);
  }

  /** Releases port if, and only if, owner holds it. */
  public synchronized boolean release(int port, String owner) {
    return reserved.remove(port, owner);
  }

  public synchronized OptionalInt heldBy(String owner) {
    return reserved.entrySet().stream().filter(e -> e.getValue().equals(owner))
        .mapToInt(Map.Entry::getKey).findFirst();
  }

  public synchronized int reservedCount() { return reserved.size(); }

  private boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(bindAddress, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
