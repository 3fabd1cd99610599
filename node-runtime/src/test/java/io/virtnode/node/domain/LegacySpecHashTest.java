package io.virtnode.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtnode.node.state.VmRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records written by the previous agent hold only a spec hash: an unchanged spec must never need a restart. */
class LegacySpecHashTest {
  private static final Path RECORD = Path.of("src/test/resources/legacy/vm-record-before-spec-diff.json");

  @Test
  void frozenHashEqualsWhatThePreviousAgentStored() {
    assertThat(LegacySpecHash.of(LegacySpecs.minimal())).isEqualTo(LegacySpecs.MINIMAL_HASH);
    assertThat(LegacySpecHash.of(LegacySpecs.full())).isEqualTo(LegacySpecs.FULL_HASH);
  }

  @Test
  void hashIgnoresStartPausedAndFieldsAddedSince() {
    DomainSpec full = LegacySpecs.full();
    assertThat(LegacySpecHash.of(full.withPcieRootPorts(9))).isEqualTo(LegacySpecs.FULL_HASH);
    assertThat(LegacySpecHash.of(full.withDisks(full.disks().subList(0, 1)))).isNotEqualTo(LegacySpecs.FULL_HASH);
  }

  /** The record as today's agent reads a file of the previous format: upgraded in place. */
  private static VmRecord legacyRecord() throws java.io.IOException {
    ObjectMapper json = new ObjectMapper();
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(Files.readString(RECORD));
    return json.treeToValue(io.virtnode.node.state.RecordUpgrade.upgrade(tree), VmRecord.class);
  }

  @Test
  void upgradeOverARecordOfThePreviousFormatWithAnUnchangedSpecAsksForNothing() throws Exception {
    VmRecord record = legacyRecord();

    SpecDiff diff = SpecDiff.compareLegacy(record.process().specHash(), record.process().diskNodeNames().keySet(),
        LegacySpecs.full());

    assertThat(diff.unchanged()).as("%s", diff.changes()).isTrue();
    assertThat(diff.restartRequired()).isFalse();
  }

  @Test
  void diskAddedToAVmOfThePreviousFormatIsLive() throws Exception {
    VmRecord record = legacyRecord();
    DomainSpec full = LegacySpecs.full();
    List<DiskSpec> disks = new ArrayList<>(full.disks());
    disks.add(1, new DiskSpec("extra", Path.of("/var/lib/virtnode/images/extra.img"), false,
        DiskSpec.DiskFormat.RAW, DiskSpec.DiskBus.SCSI, false));

    SpecDiff diff = SpecDiff.compareLegacy(record.process().specHash(), record.process().diskNodeNames().keySet(),
        full.withDisks(disks));

    assertThat(diff.liveOnly()).as("%s", diff.changes()).isTrue();
    assertThat(diff.attach()).extracting(DiskSpec::name).containsExactly("extra");
  }

  @Test
  void legacyVmOnQ35HasNoRootPortSoAVirtioDiskNeedsARestart() {
    DomainSpec full = LegacySpecs.full();
    List<DiskSpec> disks = new ArrayList<>(full.disks());
    disks.add(new DiskSpec("more", Path.of("/var/lib/virtnode/images/more.img"), false, DiskSpec.DiskFormat.RAW,
        DiskSpec.DiskBus.VIRTIO, false));

    SpecDiff diff = SpecDiff.compareLegacy(LegacySpecs.FULL_HASH, List.of("root", "data"), full.withDisks(disks));

    assertThat(diff.restartRequired()).isTrue();
    assertThat(diff.changes()).singleElement().satisfies(c -> assertThat(c.detail()).contains("pcie-root-port"));
  }

  @Test
  void changedFieldOfALegacyVmNeedsARestart() {
    DomainSpec full = LegacySpecs.full();
    DomainSpec bigger = new DomainSpec(full.name(), full.uuid(), full.cpus(), 1024, full.machine(), full.disks(),
        full.scsiControllers(), full.serials(), full.consoles(), full.parallels(), full.channels(), full.vnc(), true);

    SpecDiff diff = SpecDiff.compareLegacy(LegacySpecs.FULL_HASH, List.of("root", "data"), bigger);

    assertThat(diff.restartRequired()).isTrue();
  }

  @Test
  void diskRemovedFromALegacyVmCannotBeToldApartAndNeedsARestart() {
    DomainSpec full = LegacySpecs.full();
    SpecDiff diff = SpecDiff.compareLegacy(LegacySpecs.FULL_HASH, List.of("root", "data"),
        full.withDisks(full.disks().subList(0, 1)));
    assertThat(diff.restartRequired()).isTrue();
  }
}
