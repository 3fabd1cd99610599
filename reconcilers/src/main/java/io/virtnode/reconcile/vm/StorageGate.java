package io.virtnode.reconcile.vm;

import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.storage.StorageCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Checks a VM's storage on this node before a start (StorageCheck in production, a fake in tests). */
@FunctionalInterface
public interface StorageGate {
  /** Problems (errors and warnings) with the spec's files; toCreate are images the start will create. */
  List<StorageCheck.Problem> check(DomainSpec spec, Set<Path> toCreate) throws IOException;
}
