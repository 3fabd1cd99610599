package io.virtnode.node.net.portprofile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.nativeio.netlink.Attributes;
import io.virtnode.node.nativeio.netlink.Link;
import io.virtnode.node.net.portprofile.PortProfileException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding where a request goes: the root under stacked links, the VF of a PF, lldpad's pid. */
class PortDiscoveryTest {
  @TempDir Path dir;

  private static Link link(int index, String name, String kind, Integer lower, Integer vlan) {
    return new Link(index, name, Optional.of("02:00:00:00:00:0" + index), "up", 1, Optional.ofNullable(lower),
        Optional.ofNullable(kind), Optional.empty(), Optional.ofNullable(vlan), Attributes.parse(new byte[0], 0, 0));
  }

  @Test
  void theWalkGoesThroughMacvtapAndVlanToTheNicAndKeepsTheVlan() throws IOException {
    Map<Integer, Link> links = Map.of(2, link(2, "eno1", null, null, null), 3, link(3, "eno1.42", "vlan", 2, 42),
        4, link(4, "vn0", "macvtap", 3, null));
    PortTarget root = LowerLinks.root(links.get(4), i -> Optional.ofNullable(links.get(i)));
    assertThat(root).isEqualTo(new PortTarget("eno1", 2, OptionalInt.of(42)));
  }

  @Test
  void aLoopOrAMissingLowerIsNamed() {
    Map<Integer, Link> loop = Map.of(3, link(3, "a", "vlan", 4, 1), 4, link(4, "b", "macvlan", 3, null));
    assertThatThrownBy(() -> LowerLinks.root(loop.get(4), i -> Optional.ofNullable(loop.get(i))))
        .hasMessageContaining("loops back");
    assertThatThrownBy(() -> LowerLinks.root(link(5, "vn1", "macvtap", 9, null), i -> Optional.empty()))
        .hasMessageContaining("sits on ifindex 9, which does not exist");
  }

  @Test
  void aVirtualFunctionIsFoundUnderItsPhysicalFunction() throws IOException {
    Path pci = Files.createDirectories(dir.resolve("devices/pci0000:00"));
    Path pf = Files.createDirectories(pci.resolve("0000:03:00.0"));
    Files.createDirectories(pf.resolve("net/enp3s0f0"));
    Path vf0 = Files.createDirectories(pci.resolve("0000:03:10.0"));
    Path vf1 = Files.createDirectories(pci.resolve("0000:03:10.2"));
    Files.createSymbolicLink(pf.resolve("virtfn0"), vf0);
    Files.createSymbolicLink(pf.resolve("virtfn1"), vf1);
    Files.createSymbolicLink(vf1.resolve("physfn"), pf);
    Path net = Files.createDirectories(dir.resolve("class/net/enp3s16f2"));
    Files.createSymbolicLink(net.resolve("device"), vf1);
    Files.createDirectories(dir.resolve("class/net/eth9"));

    assertThat(SriovFunction.of(dir, "enp3s16f2")).isEqualTo(new SriovFunction("enp3s0f0", 1));
    assertThat(SriovFunction.of(dir, "eth9")).isEqualTo(new SriovFunction("eth9", PortProfileMessages.PORT_SELF_VF));
  }

  @Test
  void lldpadsPidComesFromItsPidFileAndAbsenceIsExplained() throws IOException {
    Path file = dir.resolve("lldpad.pid");
    assertThatThrownBy(() -> new LldpadPidFile(file).pid())
        .isInstanceOfSatisfying(PortProfileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LldpadUnavailable))
        .hasMessageContaining("lldpad is not running (" + file + " is missing)");
    Files.writeString(file, "4242\n");
    assertThat(new LldpadPidFile(file).pid()).isEqualTo(4242);
    Files.writeString(file, "garbage");
    assertThatThrownBy(() -> new LldpadPidFile(file).pid()).hasMessageContaining("holds 'garbage', not a process id");
  }
}
