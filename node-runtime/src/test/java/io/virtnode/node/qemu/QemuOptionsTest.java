package io.virtnode.node.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QemuOptionsTest {

  @Test
  void rendersDriverThenKeysInOrder() {
    assertThat(QemuOptions.of("virtio-blk-pci").add("drive", "disk-a").add("addr", "0x3").render())
        .isEqualTo("virtio-blk-pci,drive=disk-a,addr=0x3");
  }

  @Test
  void keysOnlyOptionsHaveNoLeadingComma() {
    assertThat(QemuOptions.keys().add("chardev", "monitor").add("mode", "control").add("x", true).render())
        .isEqualTo("chardev=monitor,mode=control,x=on");
  }

  @Test
  void everyCommaInValuesAndHeadIsDoubled() {
    assertThat(QemuOptions.of("unix:/a,b").add("path", "/x,,y,z").render())
        .isEqualTo("unix:/a,,b,path=/x,,,,y,,z");
  }

  @Test
  void controlCharactersAreRejectedNamingTheKey() {
    assertThatThrownBy(() -> QemuOptions.of("file").add("path", "/tmp/a\nb"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path");
    assertThatThrownBy(() -> QemuOptions.of("file").add("path", "/tmp/a\0b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path");
    assertThatThrownBy(() -> QemuOptions.of("file").add("path", "/tmp/a\tb"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+0009");
  }

  @Test
  void keysMustBePlainNames() {
    assertThatThrownBy(() -> QemuOptions.keys().add("a,b", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QemuOptions.keys().add("a=b", "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void argvKeepsEachArgumentSeparate() {
    var argv = new QemuArgv("/usr/bin/qemu-system-x86_64").option("-S")
        .option("-m", QemuOptions.of("512")).optionVerbatim("-pidfile", "/run/a,b/qemu.pid").toList();
    assertThat(argv).containsExactly("/usr/bin/qemu-system-x86_64", "-S", "-m", "512", "-pidfile",
        "/run/a,b/qemu.pid");
    assertThatThrownBy(() -> new QemuArgv("q").option("S")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new QemuArgv("q").optionVerbatim("-uuid", "a\nb"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-uuid");
  }
}
