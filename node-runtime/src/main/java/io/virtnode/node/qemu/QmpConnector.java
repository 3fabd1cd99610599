package io.virtnode.node.qemu;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** Opens a negotiated QMP session to a QEMU whose liveness alive reports. */
@FunctionalInterface
public interface QmpConnector {
  QmpClient connect(Path socket, BooleanSupplier alive) throws QmpException;
}
