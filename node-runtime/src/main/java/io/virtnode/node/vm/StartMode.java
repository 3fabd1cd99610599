package io.virtnode.node.vm;

/**
 * How a start leaves the CPUs. Run: the start resumes them once QEMU answers. Paused: QEMU starts with
 * them stopped (-S). Incoming: QEMU waits for a migration stream (-incoming defer) and its CPUs stay stopped
 * until the caller resumes them; the start never does.
 */
public enum StartMode { Run, Paused, Incoming }
