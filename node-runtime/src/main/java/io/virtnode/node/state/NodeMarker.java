package io.virtnode.node.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A state dir belongs to one node: the first agent writes its node name there, agents of other nodes refuse it. */
public final class NodeMarker {
  private static final String FILE = "node";

  private NodeMarker() {}

  /** Claims stateDir for node, or fails naming the node that owns it. */
  public static void claim(Path stateDir, String node) throws IOException {
    Path f = stateDir.resolve(FILE);
    if (Files.exists(f)) {
      String owner = Files.readString(f, StandardCharsets.UTF_8).strip();
      if (!owner.equals(node)) {
        throw new IOException("state dir " + stateDir + " belongs to node " + owner + ", not " + node
            + "; give every node its own (e.g. put {node} in stateDir)");
      }
      return;
    }
    DurableFiles.replace(f, (node + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
