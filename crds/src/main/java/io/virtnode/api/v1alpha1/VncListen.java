package io.virtnode.api.v1alpha1;

/** Where a VNC server listens. */
public enum VncListen { Tcp, Unix }
