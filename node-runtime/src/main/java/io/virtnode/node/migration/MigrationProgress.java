package io.virtnode.node.migration;

/**
 * Progress of a RAM transfer as status reports it.
 *
 * @param percent share of the work done, 0–100; never lower than an earlier report of the same migration
 *     (QEMU's remaining bytes grow again when the guest dirties memory, so a raw ratio would run backwards)
 * @param convergence remaining bytes ÷ bytes sent in the last complete pass: below 1 the rest fits in less
 *     than one more pass; a figure that does not fall means the guest dirties memory faster than it is sent
 * @param stalled true when the remaining bytes have not reached a new low for the progress timeout
 */
public record MigrationProgress(long totalBytes, long transferredBytes, long remainingBytes,
    long throughputBytesPerSecond, long dirtyRateBytesPerSecond, long passes, long expectedDowntimeMs,
    long setupTimeMs, long downtimeMs, int percent, Double convergence, boolean stalled) {}
