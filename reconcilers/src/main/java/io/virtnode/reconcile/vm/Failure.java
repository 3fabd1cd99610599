package io.virtnode.reconcile.vm;

/** Why the VM cannot be brought to its desired state: a CamelCase reason and what to do about it. */
public record Failure(String reason, String message) {}
