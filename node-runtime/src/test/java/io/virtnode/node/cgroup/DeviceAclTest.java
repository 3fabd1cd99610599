package io.virtnode.node.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building ACLs from device nodes and rules: stat, merging, removal, v1 syntax. */
class DeviceAclTest {
  @TempDir Path tmp;

  @Test
  void devNullIsStatedAsChar1Colon3() throws Exception {
    assertThat(DeviceRule.forPath(Path.of("/dev/null"), "rw")).contains(DeviceRule.chr(1, 3, "rw"));
  }

  @Test
  void plainFilesNeedNoEntryButMissingPathsFailNamingThem() throws Exception {
    Path file = Files.createFile(tmp.resolve("disk.img"));
    assertThat(DeviceAcl.fromPaths(List.of(file), "rw")).isEqualTo(DeviceAcl.empty());
    assertThatThrownBy(() -> DeviceAcl.fromPaths(List.of(tmp.resolve("gone")), "rw"))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining(tmp.resolve("gone").toString());
  }

  @Test
  void qemuBasicsListTheUsualNodesAndAllPtys() throws Exception {
    DeviceAcl basics = DeviceAcl.qemuBasics();
    assertThat(basics.rules()).contains(DeviceRule.chr(1, 3, "rw"), DeviceRule.chr(1, 5, "rw"),
        DeviceRule.chr(1, 7, "rw"), DeviceRule.chr(1, 8, "rw"), DeviceRule.chr(1, 9, "rw"),
        DeviceRule.chr(5, 2, "rw"), DeviceRule.chr(136, DeviceRule.ANY, "rw"));
    assertThat(basics.allows(DeviceRule.Type.CHAR, 136, 17, DeviceRule.READ | DeviceRule.WRITE)).isTrue();
    assertThat(basics.allows(DeviceRule.Type.CHAR, 1, 3, DeviceRule.MKNOD)).isFalse();
    assertThat(basics.rules()).noneMatch(r -> r.major() == 10 && r.minor() == 232 && !Files.exists(Path.of("/dev/kvm")));
  }

  @Test
  void kvmIsAddedOnlyWhenPresentUnderTheInjectedDev() throws Exception {
    Path dev = Files.createDirectory(tmp.resolve("dev"));
    for (String name : List.of("null", "zero", "full", "random", "urandom", "ptmx")) {
      Files.createSymbolicLink(dev.resolve(name), Path.of("/dev", name));
    }
    assertThat(DeviceAcl.qemuBasics(dev).rules()).hasSize(7);
    Files.createSymbolicLink(dev.resolve("kvm"), Path.of("/dev/tty")); // stands in for c 10:232
    assertThat(DeviceAcl.qemuBasics(dev).rules()).hasSize(8).contains(DeviceRule.chr(5, 0, "rw"));
  }

  @Test
  void withMergesAccessAndWithoutRemovesBitsLikeTheKernel() {
    DeviceAcl acl = DeviceAcl.of(DeviceRule.block(8, 0, "r")).with(DeviceRule.block(8, 0, "w"));
    assertThat(acl.rules()).containsExactly(DeviceRule.block(8, 0, "rw"));
    assertThat(acl.without(DeviceRule.block(8, 0, "w")).rules()).containsExactly(DeviceRule.block(8, 0, "r"));
    assertThat(acl.without(DeviceRule.block(8, 0, "rwm"))).isEqualTo(DeviceAcl.empty());
    assertThat(acl.without(DeviceRule.block(8, DeviceRule.ANY, "rwm"))).isEqualTo(acl);
  }

  @Test
  void rulesRoundTripThroughTheV1Syntax() {
    for (String text : List.of("c 1:3 rw", "b 7:* rwm", "c 136:* r", "a *:* rwm")) {
      assertThat(DeviceRule.parse(text).toString()).isEqualTo(text);
    }
    assertThat(DeviceRule.parse("a")).isEqualTo(DeviceRule.all());
    assertThatThrownBy(() -> DeviceRule.parse("c 1:3 rx")).hasMessageContaining("rx");
    assertThatThrownBy(() -> DeviceRule.parse("x 1:3 r")).hasMessageContaining("b, c or a");
    assertThatThrownBy(() -> DeviceRule.chr(1, 3, "")).hasMessageContaining("access");
  }

  @Test
  void devTNumbersDecodeLikeGlibc() {
    long dev = (259L << 8) | 1; // 259:1, small encoding
    assertThat(DeviceRule.major(dev)).isEqualTo(259);
    long big = ((long) (0x12345 & ~0xff) << 12) | 0x45 | ((long) 0xabc << 8); // major 0xabc, minor 0x12345
    assertThat(DeviceRule.major(big)).isEqualTo(0xabc);
    assertThat(DeviceRule.minor(big)).isEqualTo(0x12345);
  }
}
