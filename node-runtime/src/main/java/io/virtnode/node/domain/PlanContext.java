package io.virtnode.node.domain;

import io.virtnode.node.qemu.Capabilities;

/**
 * Host facts a plan depends on.
 *
 * @param vncPort TCP port reserved for the VM's VNC server, null when it has none or uses a socket
 * @param vncListen address VNC listens on, e.g. 127.0.0.1
 * @param hostAudio let QEMU use the host's audio (vncAllowHostAudio); otherwise audio goes nowhere
 * @param previous addresses assigned before, to keep
 */
public record PlanContext(RuntimePaths paths, Capabilities capabilities, Integer vncPort, String vncListen,
    boolean hostAudio, AddressBook previous) {}
