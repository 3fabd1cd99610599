package io.virtnode.node.domain;

/** A virtio-serial channel; port is the requested nr or null to assign a stable one. */
public record ChannelSpec(String name, Integer port, CharBackendSpec backend) {}
