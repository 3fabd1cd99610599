package io.virtnode.node.domain;

import io.virtnode.node.qemu.Capabilities;

/**
 * Host facts a plan depends on.
 *
 * @param vncPort TCP port reserved for the VM's VNC server, null when it has none or uses a socket
 * @param vncListen address VNC listens on, e.g. 127.0.0.1
 * @param hostAudio let QEMU use the host's audio (vncAllowHostAudio); otherwise audio goes nowhere
 * @param previous addresses assigned before, to keep
 * @param diskFds disks reach QEMU as inherited fds in fdsets ({@link DiskFds}), not by path
 */
public record PlanContext(RuntimePaths paths, Capabilities capabilities, Integer vncPort, String vncListen,
    boolean hostAudio, AddressBook previous, boolean diskFds) {

  /** A context in which QEMU opens disks by path. */
  public PlanContext(RuntimePaths paths, Capabilities capabilities, Integer vncPort, String vncListen,
      boolean hostAudio, AddressBook previous) {
    this(paths, capabilities, vncPort, vncListen, hostAudio, previous, false);
  }
}
