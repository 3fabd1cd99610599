package io.virtnode.node.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.node.qemu.QmpClient;
import io.virtnode.node.qemu.QmpException;
import java.util.Optional;

/**
 * Copies node-local disks during a migration, the modern way: the target exports its (incoming) disks over
 * NBD, the source mirrors each disk into that export ({@code sync=full} for the whole chain, {@code top} for
 * the top layer over a base both nodes have) until the job is ready, and cancels the ready job while paused
 * before switchover, which leaves a consistent copy. Node and job names derive from the disk's node name.
 */
public final class DiskMirrorOps {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whole chain or top layer only. */
  public enum Sync { FULL, TOP }

  private DiskMirrorOps() {}

  /** Target: starts the NBD server on host:port (call once, before the exports). */
  public static void startServer(QmpClient target, String host, int port) throws QmpException {
    ObjectNode addr = JSON.createObjectNode().put("type", "inet");
    addr.putObject("data").put("host", host).put("port", Integer.toString(port));
    ObjectNode args = JSON.createObjectNode();
    args.set("addr", addr);
    target.execute("nbd-server-start", args);
  }

  /** Target: exports the disk's node writable under its node name. */
  public static void export(QmpClient target, String nodeName) throws QmpException {
    target.execute("block-export-add", JSON.createObjectNode().put("type", "nbd").put("id", exportId(nodeName))
        .put("node-name", nodeName).put("name", nodeName).put("writable", true));
  }

  /** Source: connects to the target's export and starts mirroring the disk into it. */
  public static void mirror(QmpClient source, String nodeName, String host, int port, Sync sync)
      throws QmpException {
    ObjectNode nbd = JSON.createObjectNode().put("driver", "nbd").put("node-name", mirrorNode(nodeName))
        .put("export", nodeName);
    nbd.putObject("server").put("type", "inet").put("host", host).put("port", Integer.toString(port));
    source.execute("blockdev-add", nbd);
    source.execute("blockdev-mirror", JSON.createObjectNode().put("job-id", jobId(nodeName))
        .put("device", nodeName).put("target", mirrorNode(nodeName))
        .put("sync", sync == Sync.FULL ? "full" : "top"));
  }

  /** Source: the mirror job's progress, or empty when it does not exist (any more). */
  public static Optional<MirrorJob> job(QmpClient source, String nodeName) throws QmpException {
    for (JsonNode j : source.execute("query-block-jobs", null)) {
      if (j.path("device").asText().equals(jobId(nodeName))) {
        return Optional.of(new MirrorJob(j.path("offset").asLong(), j.path("len").asLong(),
            j.path("ready").asBoolean(), j.path("status").asText()));
      }
    }
    return Optional.empty();
  }

  /** Source, while paused before switchover: ends the ready job, leaving the target's copy consistent. */
  public static void complete(QmpClient source, String nodeName) throws QmpException {
    source.execute("block-job-cancel", JSON.createObjectNode().put("device", jobId(nodeName)));
  }

  /** Source, when the job is gone: drops the NBD client node (abort or success alike). */
  public static void dropMirrorNode(QmpClient source, String nodeName) throws QmpException {
    source.execute("blockdev-del", JSON.createObjectNode().put("node-name", mirrorNode(nodeName)));
  }

  /** Source, on abort: cancels the job whatever its state (force: even if not ready). */
  public static void abort(QmpClient source, String nodeName) throws QmpException {
    source.execute("block-job-cancel", JSON.createObjectNode().put("device", jobId(nodeName)).put("force", true));
  }

  /** Target, after the source dropped its client: removes the export. */
  public static void unexport(QmpClient target, String nodeName) throws QmpException {
    target.execute("block-export-del", JSON.createObjectNode().put("id", exportId(nodeName)));
  }

  /** Target, once every export is gone: stops the NBD server. */
  public static void stopServer(QmpClient target) throws QmpException {
    target.execute("nbd-server-stop", null);
  }

  static String jobId(String nodeName) {
    return "mirror-" + nodeName;
  }

  static String mirrorNode(String nodeName) {
    return "nbd-" + nodeName;
  }

  static String exportId(String nodeName) {
    return "export-" + nodeName;
  }

  /** A mirror job's progress: bytes copied of len, ready once source and target are in sync. */
  public record MirrorJob(long offset, long len, boolean ready, String status) {}
}
