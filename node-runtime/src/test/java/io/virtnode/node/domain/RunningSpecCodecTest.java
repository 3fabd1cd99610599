package io.virtnode.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The running spec's stored form: round trip, and fields a record lacks count as unchanged. */
class RunningSpecCodecTest {

  @Test
  void everyFieldRoundTrips() throws Exception {
    DomainSpec spec = LegacySpecs.full().withPcieRootPorts(7);
    RunningSpec read = RunningSpecCodec.read(RunningSpecCodec.write(spec));
    assertThat(read.spec()).isEqualTo(spec);
    assertThat(read.fields()).isEqualTo(SpecFields.CLASSES.keySet());
  }

  @Test
  void writtenFormIsVersionedAndNamesFields() {
    String json = RunningSpecCodec.write(LegacySpecs.minimal());
    assertThat(json).startsWith("{\"version\":1,\"spec\":{\"name\":\"default_a\"")
        .contains("\"pcieRootPorts\":4").contains("\"vnc\":null");
  }

  @Test
  void fieldMissingFromAnOlderRecordIsNotAChange() throws Exception {
    String old = RunningSpecCodec.write(LegacySpecs.full().withPcieRootPorts(0)).replace(",\"pcieRootPorts\":0", "");
    RunningSpec running = RunningSpecCodec.read(old);
    assertThat(running.fields()).doesNotContain("pcieRootPorts");
    assertThat(SpecDiff.compare(running, LegacySpecs.full().withPcieRootPorts(4)).unchanged()).isTrue();
  }

  @Test
  void unknownMembersOfANewerRecordAreIgnored() throws Exception {
    String newer = RunningSpecCodec.write(LegacySpecs.minimal()).replace("{\"version\":1,", "{\"version\":2,")
        .replace("\"cpus\":1,", "\"cpus\":1,\"hostDevices\":[],");
    assertThat(RunningSpecCodec.read(newer).spec()).isEqualTo(LegacySpecs.minimal());
  }

  @Test
  void textThatIsNotAStoredSpecIsRefused() {
    assertThatThrownBy(() -> RunningSpecCodec.read("{\"specHash\":\"abc\"}")).isInstanceOf(IOException.class)
        .hasMessageContaining("not a stored running spec");
  }
}
