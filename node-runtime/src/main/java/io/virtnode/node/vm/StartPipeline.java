package io.virtnode.node.vm;

import io.virtnode.node.state.Claim;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the start steps in order: for each, its claims are recorded, then it takes them. When a step fails,
 * every claim recorded so far (the failing step's included: it may have taken part of it) is released in
 * reverse order by its own step and removed from the record. New steps (net, PCI) join the list; nothing
 * else changes.
 */
final class StartPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(StartPipeline.class);
  private final List<HostStep> steps;

  StartPipeline(List<HostStep> steps) {
    this.steps = List.copyOf(steps);
    if (steps.stream().map(HostStep::kind).distinct().count() != steps.size()) {
      throw new IllegalArgumentException("two steps share a claim kind: " + steps.stream().map(HostStep::kind).toList());
    }
  }

  List<HostStep> steps() { return steps; }

  /** Runs every step; on failure undoes what was claimed and rethrows the step's exception. */
  void run(StartContext ctx, Consumer<String> phase) throws Exception {
    List<Claim> taken = new ArrayList<>();
    try {
      for (HostStep step : steps) {
        phase.accept(step.kind());
        List<Claim> claims = step.claims(ctx);
        for (Claim c : claims) ctx.update(r -> r.withClaim(c));
        taken.addAll(claims);
        step.take(ctx, claims);
      }
    } catch (Exception e) {
      try {
        List<Claim> stillOurs = taken.stream().filter(ctx.record().claims()::contains).toList();
        new ClaimRelease(steps).release(ctx.id(), stillOurs, ctx::update);
      } catch (Exception undo) {
        e.addSuppressed(undo);
        LOG.error("VM {}: undoing a failed start stopped at a claim that cannot be released yet: {}",
            ctx.id().displayName(), undo.getMessage());
      }
      throw e;
    }
  }
}
