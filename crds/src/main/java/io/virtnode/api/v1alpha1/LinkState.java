package io.virtnode.api.v1alpha1;

/** Observed carrier of a VM interface's macvtap. */
public enum LinkState { Up, Down, Unknown }
