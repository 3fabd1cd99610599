package io.virtnode.api.v1alpha1;

/** How a VM interface reaches the network: Direct is a macvtap on a node link. */
public enum InterfaceType { Direct }
