package io.virtnode.node.domain;

/** A serial, console or parallel port. */
public record CharDeviceSpec(String name, CharBackendSpec backend) {}
