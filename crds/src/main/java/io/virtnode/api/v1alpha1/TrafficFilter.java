package io.virtnode.api.v1alpha1;

/**
 * Traffic filters on an interface. CleanTraffic drops frames with another source MAC, IP packets from addresses
 * outside allowedIPs, spoofed ARP and IPv6 neighbour discovery, and lets DHCP out.
 */
public enum TrafficFilter { CleanTraffic }
