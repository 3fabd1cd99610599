package io.virtnode.node.vm;

import io.virtnode.node.state.RuntimeStore;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.util.Optional;

/** Identity is checked, not assumed: a record or live QEMU is only ever used for its own uid AND namespace/name. */
final class IdentityGuard {
  private final RuntimeStore store;
  private final VmRegistry registry;

  IdentityGuard(RuntimeStore store, VmRegistry registry) {
    this.store = store;
    this.registry = registry;
  }

  /** The VM's record, if any; IdentityConflictException when the uid belongs to another VM here. */
  Optional<VmRecord> check(VmIdentity id) throws IdentityConflictException, IOException {
    var live = registry.liveIdentity(id.uid());
    if (live.isPresent() && !live.get().equals(id)) {
      throw new IdentityConflictException(id, live.get().namespace(), live.get().name());
    }
    Optional<VmRecord> rec = store.load(id.uid());
    if (rec.isPresent() && !rec.get().ownedBy(id.uid(), id.namespace(), id.name())) {
      throw new IdentityConflictException(id, rec.get().namespace(), rec.get().name());
    }
    return rec;
  }
}
