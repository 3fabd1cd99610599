package io.virtnode.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.testing.HostTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads and creates images with the real qemu-img (host tier). */
class DiskChainsTest {
  private static final long MIB = 1024 * 1024;

  @TempDir Path tmp;
  private DiskChains chains;

  @BeforeEach
  void qemuImg() {
    chains = new DiskChains(HostTools.qemuImg().toString(), Duration.ofSeconds(30));
  }

  @Test
  void rawImageIsOneLayer() throws Exception {
    Path raw = tmp.resolve("base.raw");
    chains.create(raw, "raw", 4 * MIB);

    List<ImageLayer> layers = chains.read(raw);

    assertThat(layers).hasSize(1);
    ImageLayer layer = layers.get(0);
    assertThat(layer.filename()).isEqualTo(raw.toString());
    assertThat(layer.format()).isEqualTo("raw");
    assertThat(layer.virtualSize()).isEqualTo(4 * MIB);
    assertThat(layer.actualSize()).isGreaterThanOrEqualTo(0);
    assertThat(layer.backingFilename()).isNull();
    assertThat(layer.fullBackingFilename()).isNull();
  }

  @Test
  void qcow2OverRawIsAChainOfTwoTopFirst() throws Exception {
    Path raw = tmp.resolve("base.raw");
    chains.create(raw, "raw", 8 * MIB);
    Path top = tmp.resolve("top.qcow2");
    Process p = new ProcessBuilder(HostTools.qemuImg().toString(), "create", "-q", "-f", "qcow2", "-F", "raw",
        "-b", "base.raw", top.toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();

    List<ImageLayer> layers = chains.read(top);

    assertThat(layers).extracting(ImageLayer::format).containsExactly("qcow2", "raw");
    assertThat(layers.get(0).backingFilename()).isEqualTo("base.raw");
    assertThat(layers.get(0).fullBackingFilename()).isEqualTo(raw.toString());
    assertThat(layers.get(0).virtualSize()).isEqualTo(8 * MIB);
    assertThat(layers.get(1).filename()).isEqualTo(raw.toString());
  }

  @Test
  void missingImageFailsWithQemuImgsMessage() {
    Path missing = tmp.resolve("missing.qcow2");

    assertThatThrownBy(() -> chains.read(missing))
        .isInstanceOf(DiskChainException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("No such file or directory");
  }

  @Test
  void createRefusesAnExistingFileAndLeavesItUntouched() throws Exception {
    Path existing = tmp.resolve("data.qcow2");
    Files.writeString(existing, "precious");

    assertThatThrownBy(() -> chains.create(existing, "qcow2", MIB))
        .isInstanceOf(DiskChainException.class)
        .hasMessageContaining("already exists");
    assertThat(Files.readString(existing)).isEqualTo("precious");
  }

  @Test
  void createRefusesADanglingSymlink() throws Exception {
    Path target = tmp.resolve("elsewhere.img");
    Path link = Files.createSymbolicLink(tmp.resolve("link.img"), target);

    assertThatThrownBy(() -> chains.create(link, "raw", MIB)).isInstanceOf(DiskChainException.class);
    assertThat(target).doesNotExist();
  }

  @Test
  void createdQcow2HasTheAskedSize() throws Exception {
    Path image = tmp.resolve("new.qcow2");

    chains.create(image, "qcow2", 16 * MIB);

    assertThat(chains.read(image)).singleElement()
        .satisfies(l -> assertThat(l.format()).isEqualTo("qcow2"))
        .satisfies(l -> assertThat(l.virtualSize()).isEqualTo(16 * MIB));
  }

  @Test
  void failedCreateRemovesTheFileItMade() {
    Path image = tmp.resolve("new.raw");
    DiskChains failing = new DiskChains("/bin/false", Duration.ofSeconds(5));

    assertThatThrownBy(() -> failing.create(image, "qcow2", MIB)).isInstanceOf(DiskChainException.class);
    assertThat(image).doesNotExist();
    assertThatThrownBy(() -> chains.create(tmp.resolve("no-such-dir/new.raw"), "raw", MIB))
        .isInstanceOf(DiskChainException.class);
    assertThatThrownBy(() -> chains.create(tmp.resolve("x.img"), "vmdk", MIB))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("raw or qcow2");
  }
}
