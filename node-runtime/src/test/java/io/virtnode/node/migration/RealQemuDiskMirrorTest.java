package io.virtnode.node.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.node.migration.DiskMirrorOps.Sync;
import io.virtnode.node.qemu.UnixQmpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Non-shared storage moves with the RAM: NBD export on the target, mirror on the source; images compared after. */
@Tag("migration")
class RealQemuDiskMirrorTest {
  @TempDir Path dir;
  private Qemus qemus;

  @BeforeEach void fixture() { qemus = new Qemus(dir); }

  @AfterEach void stop() throws Exception { qemus.close(); }

  private UnixQmpClient qemu(String name, Path image, String format, String... extra) throws Exception {
    List<String> argv = new ArrayList<>(List.of(
        "-blockdev", "driver=file,filename=" + image + ",node-name=disk0-file",
        "-blockdev", "driver=" + format + ",file=disk0-file,node-name=disk0",
        "-device", "virtio-blk-pci,drive=disk0,id=disk0-dev"));
    argv.addAll(List.of(extra));
    return qemus.start(name, argv.toArray(String[]::new));
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }

  private static int freePort() throws Exception { return Qemus.freePort(); }

  /** Migrates RAM and disk0 from source to target, mirroring with sync; returns the bytes the mirror copied. */
  private long migrate(UnixQmpClient source, UnixQmpClient target, Sync sync) throws Exception {
    int ram = freePort();
    int nbd = freePort();
    MigrationOps.listen(target, "tcp:127.0.0.1:" + ram, false);
    DiskMirrorOps.startServer(target, "127.0.0.1", nbd);
    DiskMirrorOps.export(target, "disk0");
    DiskMirrorOps.mirror(source, "disk0", "127.0.0.1", nbd, sync);
    await().atMost(Duration.ofSeconds(60)).until(() -> DiskMirrorOps.job(source, "disk0").map(j -> j.ready())
        .orElse(false));
    long copied = DiskMirrorOps.job(source, "disk0").orElseThrow().len();
    MigrationOps.send(source, "tcp:127.0.0.1:" + ram, new MigrationTuning(0, 300, false, false));
    await().atMost(Duration.ofSeconds(60)).until(() -> MigrationOps.sample(source).status().equals("pre-switchover"));
    DiskMirrorOps.complete(source, "disk0");
    await().atMost(Duration.ofSeconds(60)).until(() -> DiskMirrorOps.job(source, "disk0").isEmpty());
    MigrationOps.continueSwitchover(source);
    await().atMost(Duration.ofSeconds(60)).until(() -> MigrationOps.sample(source).completed());
    DiskMirrorOps.dropMirrorNode(source, "disk0");
    DiskMirrorOps.unexport(target, "disk0");
    DiskMirrorOps.stopServer(target);
    await().atMost(Duration.ofSeconds(30)).until(() ->
        target.execute("query-status", null).path("status").asText().equals("paused"));
    target.execute("cont", null);
    return copied;
  }

  @Test void aNodeLocalRawDiskIsCopiedWholeAndIdentical() throws Exception {
    Path src = dir.resolve("src.raw");
    Path dst = dir.resolve("dst.raw");
    run("qemu-img", "create", "-q", "-f", "raw", src.toString(), "16M");
    run("qemu-io", "-f", "raw", "-c", "write -P 0xab 1M 3M", "-c", "write -P 0x5c 9M 1M", src.toString());
    run("qemu-img", "create", "-q", "-f", "raw", dst.toString(), "16M");
    UnixQmpClient source = qemu("source", src, "raw");
    source.execute("cont", null);
    UnixQmpClient target = qemu("target", dst, "raw", "-incoming", "defer");

    migrate(source, target, Sync.FULL);

    qemus.close();
    assertThat(run("qemu-img", "compare", "-f", "raw", "-F", "raw", src.toString(), dst.toString()))
        .contains("Images are identical");
  }

  @Test void onlyTheTopLayerCrossesWhenBothNodesHaveTheBase() throws Exception {
    Path base = dir.resolve("base.qcow2");
    run("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "64M");
    run("qemu-io", "-f", "qcow2", "-c", "write -P 0x11 0 48M", base.toString());
    Path src = dir.resolve("src-top.qcow2");
    Path dst = dir.resolve("dst-top.qcow2");
    for (Path top : List.of(src, dst)) {
      run("qemu-img", "create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2", top.toString());
    }
    run("qemu-io", "-f", "qcow2", "-c", "write -P 0x22 4M 2M", src.toString());
    UnixQmpClient source = qemu("source", src, "qcow2");
    source.execute("cont", null);
    UnixQmpClient target = qemu("target", dst, "qcow2", "-incoming", "defer");

    long copied = migrate(source, target, Sync.TOP);

    qemus.close();
    assertThat(run("qemu-img", "compare", src.toString(), dst.toString())).contains("Images are identical");
    assertThat(copied).as("bytes mirrored").isLessThan(16L << 20).isGreaterThanOrEqualTo(2L << 20);
  }
}
