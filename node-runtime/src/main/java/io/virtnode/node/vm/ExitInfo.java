package io.virtnode.node.vm;

import java.time.Instant;

/** An exit of QEMU that nobody asked for: when it was noticed and what is known of its cause. */
public record ExitInfo(Instant at, String reason) {}
