package io.virtnode.api.v1alpha1;

/**
 * macvtap modes: Vepa sends all frames to the adjacent switch, Bridge switches between macvtaps of the link
 * locally, Private isolates them, Passthrough hands the whole link to one interface.
 */
public enum DirectMode { Vepa, Bridge, Private, Passthrough }
