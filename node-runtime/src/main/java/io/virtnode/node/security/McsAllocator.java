package io.virtnode.node.security;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Hands out an SELinux MCS category pair "cA,cB" (A < B) unique per VM on the node, kept in the ledger. */
public final class McsAllocator {
  private final LabelLedger ledger;
  private final int min;
  private final int max;
  private final RandomGenerator random;

  /** Categories c0..c1023, like libvirt's default range. */
  public McsAllocator(LabelLedger ledger) {
    this(ledger, 0, 1023, new SecureRandom());
  }

  public McsAllocator(LabelLedger ledger, int minCategory, int maxCategory, RandomGenerator random) {
    if (minCategory < 0 || maxCategory <= minCategory || maxCategory > 1023) {
      throw new IllegalArgumentException("MCS category range must lie in c0..c1023 and hold two categories: c"
          + minCategory + "..c" + maxCategory);
    }
    this.ledger = ledger;
    this.min = minCategory;
    this.max = maxCategory;
    this.random = random;
  }

  /** The VM's pair, allocating (durably) a pair no other VM on the node holds if it has none yet. */
  public synchronized String allocate(String vmId) throws IOException {
    Map<String, String> held = ledger.mcsPairs();
    if (held.containsKey(vmId)) {
      return held.get(vmId);
    }
    Set<String> taken = new HashSet<>(held.values());
    for (int attempt = 0; attempt < 64; attempt++) { // random first, so pairs are not guessable in order
      String pair = pair(random.nextInt(min, max + 1), random.nextInt(min, max + 1));
      if (pair != null && !taken.contains(pair)) {
        ledger.putMcs(vmId, pair);
        return pair;
      }
    }
    for (int a = min; a <= max; a++) {
      for (int b = a + 1; b <= max; b++) {
        String pair = pair(a, b);
        if (!taken.contains(pair)) {
          ledger.putMcs(vmId, pair);
          return pair;
        }
      }
    }
    throw new LabelException("McsExhausted", "every MCS pair in c" + min + "..c" + max + " is held by a VM on"
        + " this node (" + held.size() + " VMs); stop a VM or widen the category range");
  }

  /** Gives the VM's pair back for reuse. */
  public synchronized void release(String vmId) throws IOException { ledger.removeMcs(vmId); }

  /** Pairs held, by VM id. */
  public Map<String, String> allocations() { return ledger.mcsPairs(); }

  private static String pair(int a, int b) {
    if (a == b) {
      return null;
    }
    return "c" + Math.min(a, b) + ",c" + Math.max(a, b);
  }
}
