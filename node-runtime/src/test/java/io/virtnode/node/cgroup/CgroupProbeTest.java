package io.virtnode.node.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hierarchy choice from mountinfo fixtures (hybrid, v2-only, none). */
class CgroupProbeTest {
  @TempDir Path tmp;

  private CgroupProbe.Result probe(String mountinfo) throws Exception {
    return new CgroupProbe(Files.writeString(tmp.resolve("mountinfo"), mountinfo)).probe();
  }

  @Test
  void hybridHostWithDevicesControllerUsesV1() throws Exception {
    CgroupProbe.Result r = probe(""
        + "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
        + "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
        + "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory\n"
        + "36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices\n"
        + "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n");
    assertThat(r.hierarchy()).isEqualTo(Hierarchy.V1);
    assertThat(r.v1Controllers()).containsOnlyKeys("cpu", "memory", "devices");
    assertThat(r.v2Mount()).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
    assertThat(r.describe()).startsWith("cgroup v1 (devices at /sys/fs/cgroup/devices");
  }

  @Test
  void unifiedOnlyHostUsesV2() throws Exception {
    CgroupProbe.Result r = probe("30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n");
    assertThat(r.hierarchy()).isEqualTo(Hierarchy.V2);
    assertThat(r.describe()).contains("v2", "/sys/fs/cgroup", "BPF");
  }

  @Test
  void combinedControllersAndEscapedMountPointsAreRead() throws Exception {
    CgroupProbe.Result r = probe("40 31 0:37 / /cg\\040root/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
        + "41 31 0:38 / /cg\\040root/devices rw - cgroup cgroup rw,devices\n");
    assertThat(r.v1Controllers().get("cpu")).isEqualTo(Path.of("/cg root/cpu,cpuacct"));
  }

  @Test
  void noCgroupsAtAllFailsNamingTheFile() {
    assertThatThrownBy(() -> probe("22 1 0:21 / /proc rw - proc proc rw\n"))
        .hasMessageContaining("neither").hasMessageContaining("mountinfo");
  }

  @Test
  void theManagerMatchesTheProbedHierarchy() throws Exception {
    assertThat(CgroupManagers.forProbe(probe("36 31 0:33 / /cg/devices rw - cgroup cgroup rw,devices\n"), "virtnode")
        .hierarchy()).isEqualTo(Hierarchy.V1);
    assertThat(CgroupManagers.forProbe(probe("30 23 0:26 / /cg rw - cgroup2 cgroup2 rw\n"), "virtnode")
        .hierarchy()).isEqualTo(Hierarchy.V2);
  }

  @Test
  void thisHostProbes() throws Exception {
    assertThat(CgroupProbe.ofHost().probe().describe()).startsWith("cgroup v");
  }
}
