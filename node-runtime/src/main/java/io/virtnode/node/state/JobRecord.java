package io.virtnode.node.state;

/**
 * The job in flight on a VM, as persisted in its record so that a restarted agent sees it.
 *
 * @param kind what the job does
 * @param phase how far it got, in the job's own words (e.g. "claiming", "spawned")
 * @param sinceMillis epoch millis when it began
 */
public record JobRecord(JobKind kind, String phase, long sinceMillis) {
  public JobRecord withPhase(String p) { return new JobRecord(kind, p, sinceMillis); }
}
