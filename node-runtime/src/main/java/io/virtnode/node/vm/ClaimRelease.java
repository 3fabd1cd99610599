package io.virtnode.node.vm;

import io.virtnode.node.state.Claim;
import io.virtnode.node.state.VmRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives claims back in reverse order, each by the step of its kind, removing each from the record once
 * released. Stops at the first claim that cannot be released (e.g. a QEMU that does not die): what was taken
 * before it stays claimed, so nothing a live QEMU uses is given away. A kind no step knows is kept.
 */
final class ClaimRelease {
  private static final Logger LOG = LoggerFactory.getLogger(ClaimRelease.class);
  private final Map<String, HostStep> byKind;

  ClaimRelease(List<HostStep> steps) {
    this.byKind = steps.stream().collect(Collectors.toMap(HostStep::kind, Function.identity()));
  }

  /** Releases claims (in the order they were taken) from last to first. */
  void release(VmIdentity id, List<Claim> claims, Updater record) throws Exception {
    List<Claim> reversed = new ArrayList<>(claims);
    Collections.reverse(reversed);
    for (Claim c : reversed) {
      HostStep step = byKind.get(c.kind());
      if (step == null) {
        LOG.error("VM {}: no step releases claims of kind {} ({}); it stays recorded", id.displayName(), c.kind(),
            c.key());
        continue;
      }
      step.release(id, c);
      record.update(r -> r.withoutClaim(c));
    }
  }

  /** Writes a change to the record durably. */
  @FunctionalInterface
  interface Updater {
    VmRecord update(UnaryOperator<VmRecord> change) throws java.io.IOException;
  }
}
