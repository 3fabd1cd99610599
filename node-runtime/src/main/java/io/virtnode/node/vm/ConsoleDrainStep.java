package io.virtnode.node.vm;

import io.virtnode.node.console.ConsoleDrains;
import io.virtnode.node.domain.ConsoleFiles;
import io.virtnode.node.state.Claim;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the console drains of the VM's File char devices before QEMU starts (QEMU connects to their sockets
 * as a client): guest output reaches disk only through the agent's capped, rotating logs. One claim per
 * device, keyed "SOCKET\nLOG" (paths hold no control characters), so a restarted agent can drain again and
 * give back from the record alone. Released: the VM's drains stop and their sockets go.
 */
final class ConsoleDrainStep implements HostStep {
  static final String KIND = "console-drain";
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleDrainStep.class);
  private final ConsoleDrains drains;

  ConsoleDrainStep(ConsoleDrains drains) { this.drains = drains; }

  @Override public String kind() { return KIND; }

  @Override public List<Claim> claims(StartContext ctx) {
    List<Claim> out = new ArrayList<>();
    ConsoleFiles.socketsToLogs(ctx.request().spec(), ctx.paths())
        .forEach((socket, log) -> out.add(Claim.run(KIND, socket + "\n" + log)));
    return out;
  }

  @Override public void take(StartContext ctx, List<Claim> claims) throws Exception {
    if (claims.isEmpty()) return;
    try {
      serve(ctx.id().uid(), claims);
    } catch (IOException | RuntimeException e) {
      throw new VmRuntimeException("ConsoleDrainFailed", "cannot serve the console log of a File char device"
          + " (sockets " + claims.stream().map(c -> socket(c).toString()).toList() + "): " + e.getMessage()
          + "; a shorter runDir helps when the path is too long", false, e);
    }
  }

  /** Drains again for a VM whose QEMU outlived the agent (it reconnects every second); errors are logged. */
  static void resume(ConsoleDrains drains, VmIdentity id, VmRecord rec) {
    List<Claim> claims = rec.claims().stream().filter(c -> c.kind().equals(KIND)).toList();
    if (claims.isEmpty()) return;
    try {
      new ConsoleDrainStep(drains).serve(id.uid(), claims);
      LOG.info("VM {}: console logs drained again ({})", id.displayName(), claims.size());
    } catch (IOException | RuntimeException e) {
      LOG.error("VM {}: cannot drain its File char devices again ({}); their output is lost until it restarts",
          id.displayName(), e.getMessage());
    }
  }

  /** Stale sockets of an earlier run (the agent's names in the VM's runtime dir) go before binding anew. */
  private void serve(String uid, List<Claim> claims) throws IOException {
    drains.stop(uid); // a start or a recovery means the QEMU those drains served is gone or reconnects
    Map<Path, Path> socketToLog = new LinkedHashMap<>();
    for (Claim c : claims) {
      Path socket = socket(c);
      Files.deleteIfExists(socket);
      socketToLog.put(socket, Path.of(c.key().substring(c.key().indexOf('\n') + 1)));
    }
    drains.start(uid, socketToLog);
  }

  @Override public void release(VmIdentity id, Claim claim) throws IOException {
    drains.stop(id.uid());
    Files.deleteIfExists(socket(claim));
  }

  private static Path socket(Claim c) {
    int nl = c.key().indexOf('\n');
    if (nl <= 0) throw new IllegalArgumentException("console-drain claim without socket and log: " + c.key());
    return Path.of(c.key().substring(0, nl));
  }
}
