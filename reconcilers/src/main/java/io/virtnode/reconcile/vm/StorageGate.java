package io.virtnode.reconcile.vm;

import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.files.FileOwner;
import io.virtnode.node.storage.StorageCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Checks a VM's storage on this node before a start (StorageCheck in production, a fake in tests). */
@FunctionalInterface
public interface StorageGate {
  /** Problems (errors and warnings) with owner's files; toCreate are images the start will create. */
  List<StorageCheck.Problem> check(FileOwner owner, DomainSpec spec, Set<Path> toCreate) throws IOException;
}
