package io.virtnode.node.vm;

import java.io.IOException;
import java.nio.file.Path;

/** Makes a blank disk image; throws FileAlreadyExistsException rather than touch an existing file. */
@FunctionalInterface
public interface DiskImageCreator {
  void create(Path path, String format, long bytes) throws IOException;
}
