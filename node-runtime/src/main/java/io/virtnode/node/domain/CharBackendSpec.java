package io.virtnode.node.domain;

import java.nio.file.Path;

/** Host side of a character device. path is null only for PTY. */
public record CharBackendSpec(Kind kind, Path path, boolean server) {

  /** Backend kinds: FILE is created if missing and appended to; PIPE needs existing FIFOs. */
  public enum Kind { FILE, PIPE, UNIX, PTY }
}
