package io.virtnode.node.state;

/** What a job changes on a running (or starting) VM; one job per VM at a time. */
public enum JobKind { Start, Stop, Hotplug, MigrateOut, MigrateIn, Save, Restore }
