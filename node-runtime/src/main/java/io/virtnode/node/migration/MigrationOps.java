package io.virtnode.node.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.node.qemu.QmpClient;
import io.virtnode.node.qemu.QmpException;

/**
 * The QMP side of moving a VM's RAM, as HOST-FACTS measured it on this QEMU: capabilities and parameters on
 * both ends, {@code migrate-incoming} on the target (started with {@code -incoming defer} and {@code -S}, so
 * it never resumes by itself), {@code migrate} on the source with {@code pause-before-switchover}, so the
 * source stops in {@code pre-switchover} and continues only when the caller says so. The same calls move
 * RAM to and from a save image through an fd handed over with {@code getfd}.
 */
public final class MigrationOps {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MigrationOps() {}

  /** Target: capabilities (events, late block activation, post-copy if allowed), then listen at uri. */
  public static void listen(QmpClient target, String uri, boolean postCopy) throws QmpException {
    setCapabilities(target, false, postCopy, false);
    target.execute("migrate-incoming", JSON.createObjectNode().put("uri", uri));
  }

  /** Source: capabilities and parameters, then start sending to uri. */
  public static void send(QmpClient source, String uri, MigrationTuning tuning) throws QmpException {
    setCapabilities(source, true, tuning.postCopy(), tuning.autoConverge());
    setParameters(source, tuning);
    source.execute("migrate", JSON.createObjectNode().put("uri", uri));
  }

  /** Changes bandwidth and downtime limit of a running migration (escalation). */
  public static void setParameters(QmpClient source, MigrationTuning tuning) throws QmpException {
    source.execute("migrate-set-parameters", JSON.createObjectNode()
        .put("max-bandwidth", tuning.bandwidthBytesPerSecond() == 0 ? Long.MAX_VALUE / 2
            : tuning.bandwidthBytesPerSecond())
        .put("downtime-limit", tuning.downtimeLimitMs()));
  }

  /** The source's current figures. */
  public static MigrationSample sample(QmpClient source) throws QmpException {
    return MigrationSample.of(source.execute("query-migrate", null));
  }

  /** Source paused in pre-switchover: let it send the rest and complete. */
  public static void continueSwitchover(QmpClient source) throws QmpException {
    source.execute("migrate-continue", JSON.createObjectNode().put("state", "pre-switchover"));
  }

  /** Switches a running pre-copy migration to post-copy (both ends had the capability). */
  public static void startPostCopy(QmpClient source) throws QmpException {
    source.execute("migrate-start-postcopy", null);
  }

  /** Cancels the migration; the source keeps running and the target QEMU exits by itself. */
  public static void cancel(QmpClient source) throws QmpException {
    source.execute("migrate_cancel", null);
  }

  /** Saves RAM into fd (a regular file opened by the agent): hands it over as fdName and migrates to it. */
  public static void saveTo(QmpClient source, int fd, String fdName) throws QmpException {
    source.sendFd(fdName, fd);
    setCapabilities(source, false, false, false);
    setParameters(source, MigrationTuning.SAVE);
    source.execute("migrate", JSON.createObjectNode().put("uri", "fd:" + fdName));
  }

  /** Restores RAM from fd into a target started with -incoming defer. */
  public static void restoreFrom(QmpClient target, int fd, String fdName) throws QmpException {
    target.sendFd(fdName, fd);
    setCapabilities(target, false, false, false);
    target.execute("migrate-incoming", JSON.createObjectNode().put("uri", "fd:" + fdName));
  }

  private static void setCapabilities(QmpClient qmp, boolean source, boolean postCopy, boolean autoConverge)
      throws QmpException {
    ObjectNode args = JSON.createObjectNode();
    ArrayNode caps = args.putArray("capabilities");
    caps.addObject().put("capability", "events").put("state", true);
    if (source) {
      caps.addObject().put("capability", "pause-before-switchover").put("state", true);
      caps.addObject().put("capability", "auto-converge").put("state", autoConverge);
    } else {
      caps.addObject().put("capability", "late-block-activate").put("state", true);
    }
    caps.addObject().put("capability", "postcopy-ram").put("state", postCopy);
    qmp.execute("migrate-set-capabilities", args);
  }
}
