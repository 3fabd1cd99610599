package io.virtnode.node.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.testing.HostTools;
import io.virtnode.node.testing.MiniQmpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes the real Debian QEMU 7.2 binary (host tier). */
class CapabilityProbeTest {
  private static final QmpConnector CONNECTOR =
      (socket, alive) -> io.virtnode.node.qemu.UnixQmpClient.connect(socket, alive, Duration.ofSeconds(10),
          Duration.ofSeconds(10));

  @TempDir Path tmp;

  private CapabilityProbe probe(Path cacheDir, Path kvm) {
    return new CapabilityProbe(CONNECTOR, cacheDir, kvm, Duration.ofSeconds(20));
  }

  @Test
  void realQemu72HasEverythingButKvmWhenTheKvmDeviceIsMissing() throws Exception {
    CapabilityProbe probe = probe(tmp.resolve("cache"), tmp.resolve("no-kvm"));

    Capabilities caps = probe.probe(HostTools.qemu());

    assertThat(caps.version()).startsWith("7.2.");
    assertThat(caps.binary()).isEqualTo(HostTools.QEMU.toString());
    assertThat(caps.flags()).isEqualTo(EnumSet.complementOf(EnumSet.of(QemuCapability.KVM)));
    assertThat(probe.spawnCount()).isEqualTo(1);
  }

  @Test
  void kvmIsPresentExactlyWhenTheDeviceOpensReadWrite() throws Exception {
    Path fakeKvm = Files.createFile(tmp.resolve("kvm"));

    Capabilities caps = probe(tmp.resolve("cache"), fakeKvm).probe(HostTools.qemu());

    assertThat(caps.has(QemuCapability.KVM)).isTrue();
  }

  @Test
  void secondProbeWithSameMtimeHitsTheCacheInMemoryAndOnDisk() throws Exception {
    Path cacheDir = tmp.resolve("cache");
    CapabilityProbe first = probe(cacheDir, tmp.resolve("no-kvm"));
    Capabilities probed = first.probe(HostTools.qemu());

    Capabilities again = first.probe(HostTools.qemu());
    CapabilityProbe restarted = probe(cacheDir, tmp.resolve("no-kvm"));
    Capabilities fromDisk = restarted.probe(HostTools.qemu());

    assertThat(first.spawnCount()).isEqualTo(1);
    assertThat(restarted.spawnCount()).isZero();
    assertThat(again).isEqualTo(probed);
    assertThat(fromDisk).isEqualTo(probed);
    try (var files = Files.list(cacheDir)) {
      assertThat(files.filter(f -> f.toString().endsWith(".json"))).hasSize(1);
    }
  }

  @Test
  void touchedBinaryIsProbedAgain() throws Exception {
    // a wrapper, since a copied Debian binary cannot find its accelerator modules relative to itself
    Path copy = tmp.resolve("bin/qemu-system-x86_64");
    Files.createDirectories(copy.getParent());
    Files.writeString(copy, "#!/bin/sh\nexec " + HostTools.qemu() + " \"$@\"\n");
    copy.toFile().setExecutable(true);
    CapabilityProbe probe = probe(tmp.resolve("cache"), tmp.resolve("no-kvm"));
    probe.probe(copy);
    probe.probe(copy);
    assertThat(probe.spawnCount()).isEqualTo(1);

    Files.setLastModifiedTime(copy, FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() + 10_000));
    Capabilities reprobed = probe.probe(copy);

    assertThat(probe.spawnCount()).isEqualTo(2);
    assertThat(reprobed.has(QemuCapability.BLOCKDEV)).isTrue();
  }

  @Test
  void missingBinaryFailsNamingTheDebianPackage() {
    CapabilityProbe probe = probe(tmp.resolve("cache"), tmp.resolve("no-kvm"));

    assertThatThrownBy(() -> probe.probe(tmp.resolve("qemu-system-x86_64")))
        .isInstanceOf(CapabilityProbeException.class)
        .hasMessageContaining("qemu-system-x86");
    assertThat(probe.spawnCount()).isZero();
  }
}
