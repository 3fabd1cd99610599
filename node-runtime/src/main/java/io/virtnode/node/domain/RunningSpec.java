package io.virtnode.node.domain;

import java.util.Set;

/**
 * The spec a VM's QEMU runs with, as stored in its runtime record ({@link RunningSpecCodec}), and which of
 * its fields the record actually held: fields added to DomainSpec after the record was written are absent
 * and count as unchanged.
 */
public record RunningSpec(DomainSpec spec, Set<String> fields) {
  public RunningSpec {
    fields = Set.copyOf(fields);
  }
}
