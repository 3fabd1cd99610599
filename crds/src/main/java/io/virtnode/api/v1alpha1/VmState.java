package io.virtnode.api.v1alpha1;

/** The run state a user asks for. Saved (hibernation) is not served yet and so not accepted. */
public enum VmState { Running, Paused, Stopped }
