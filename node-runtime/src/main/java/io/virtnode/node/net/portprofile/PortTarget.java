package io.virtnode.node.net.portprofile;

import java.util.OptionalInt;

/** The device a port-profile request is addressed to, and the VLAN found on the way down to it. */
public record PortTarget(String name, int ifindex, OptionalInt vlan) {}
