package io.virtnode.node.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.LegacySpecHash;
import io.virtnode.node.domain.RunningSpecCodec;
import io.virtnode.node.state.ProcessRecord;
import io.virtnode.node.state.VmRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The running spec of a process record, stored or derived from a record of the previous format. */
class RunningSpecsTest {
  private static final DiskSpec ROOT = new DiskSpec("root", Path.of("/images/root.img"), false,
      DiskSpec.DiskFormat.RAW, DiskSpec.DiskBus.VIRTIO, false);
  private static final DiskSpec DATA = new DiskSpec("data", Path.of("/images/data.img"), false,
      DiskSpec.DiskFormat.QCOW2, DiskSpec.DiskBus.SCSI, true);

  private static DomainSpec spec(List<DiskSpec> disks) {
    return new DomainSpec("default_a", "6f1c2a3e-0b1d-4c5e-9f00-112233445566", 1, 64, "q35", disks, List.of(),
        List.of(), List.of(), List.of(), List.of(), null, false);
  }

  private static ProcessRecord legacy(DomainSpec running) {
    return new ProcessRecord(42, 1, "/run/x", null, null, List.of(), LegacySpecHash.of(running.withPcieRootPorts(0)),
        Map.of("root", "disk-root"), null);
  }

  @Test void aLegacyRecordWithAnUnchangedSpecAsksForNothingAndRunsWithoutSpareRootPorts() throws Exception {
    DomainSpec wanted = spec(List.of(ROOT));
    ProcessRecord p = legacy(wanted);

    assertThat(RunningSpecs.diff(p, wanted).unchanged()).isTrue();
    assertThat(RunningSpecs.spec(p, wanted).orElseThrow().pcieRootPorts()).isZero();
  }

  @Test void theDerivedSpecStoredForALegacyRecordKeepsItsUnknownFieldsUnchangedAcrossAHotplug() throws Exception {
    DomainSpec wanted = spec(List.of(ROOT, DATA));
    ProcessRecord p = legacy(spec(List.of(ROOT)));
    DomainSpec running = RunningSpecs.spec(p, wanted).orElseThrow();
    ProcessRecord upgraded = p.withDevices(p.diskNodeNames(), RunningSpecs.writeLegacy(running));

    List<DiskSpec> disks = new ArrayList<>(running.disks());
    disks.add(DATA);
    ProcessRecord plugged = upgraded.withDevices(Map.of("root", "disk-root", "data", "disk-data"),
        RunningSpecs.rewrite(upgraded, running.withDisks(disks)));

    assertThat(RunningSpecCodec.read(plugged.runningSpec()).fields()).doesNotContain("pcieRootPorts");
    assertThat(RunningSpecs.diff(plugged, wanted).unchanged()).as("%s", RunningSpecs.diff(plugged, wanted).changes())
        .isTrue();
    assertThat(RunningSpecs.spec(plugged, wanted).orElseThrow().disks()).containsExactly(ROOT, DATA);
    assertThat(RunningSpecs.spec(plugged, wanted).orElseThrow().pcieRootPorts()).isZero();
  }

  @Test void aStoredSpecNamesEachRestartOnlyChange() throws Exception {
    DomainSpec started = spec(List.of(ROOT));
    ProcessRecord p = legacy(started).withDevices(Map.of("root", "disk-root"), RunningSpecCodec.write(started));

    var diff = RunningSpecs.diff(p, new DomainSpec("default_a", started.uuid(), 2, 64, "q35", List.of(ROOT),
        List.of(), List.of(), List.of(), List.of(), List.of(), null, false));

    assertThat(diff.restartRequired()).isTrue();
    assertThat(diff.changes()).extracting(c -> c.field()).containsExactly("cpus");
  }

  @Test void theDiskOfAHotplugInFlightIsReadBackFromItsClaim() throws Exception {
    VmRecord rec = VmRecord.fresh("u", "ns", "n").withClaim(HotplugClaims.disk(DATA));

    assertThat(HotplugClaims.disk(rec)).contains(DATA);
    assertThat(HotplugClaims.cleared(rec).claims()).isEmpty();
  }
}
