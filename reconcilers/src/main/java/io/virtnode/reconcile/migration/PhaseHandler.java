package io.virtnode.reconcile.migration;

/** Decides, from what is observed, what one phase does next. Pure: no I/O, time from the observation. */
public interface PhaseHandler {
  Decision handle(Observed o);
}
