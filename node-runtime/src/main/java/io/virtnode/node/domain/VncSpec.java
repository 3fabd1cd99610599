package io.virtnode.node.domain;

/** A VNC display on a TCP port chosen by the agent, or on a unix socket. */
public record VncSpec(boolean unixSocket) {}
