package io.virtnode.node.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records written by the agent before schema versions (fixture saved from that code) are read and upgraded. */
class RecordUpgradeTest {
  private static final String UID = "0f0e0d0c-0000-4000-8000-000000000001";
  @TempDir Path state;

  private Path install(String fixture) throws Exception {
    Path f = state.resolve("vms").resolve(UID + ".json");
    Files.createDirectories(f.getParent());
    try (InputStream in = getClass().getResourceAsStream("/records/" + fixture)) {
      Files.copy(in, f);
    }
    return f;
  }

  @Test void aRecordOfThePreviousFormatIsReadWithAllItsFactsAndClaims() throws Exception {
    install("v0-running.json");

    VmRecord rec = new RuntimeStore(state).load(UID).orElseThrow();

    assertThat(rec.schemaVersion()).isEqualTo(VmRecord.SCHEMA_VERSION);
    assertThat(rec.ownedBy(UID, "default", "minimal")).isTrue();
    assertThat(rec.addresses()).containsEntry("disk/root", "pci.0/0x4");
    assertThat(rec.createdFiles()).containsExactly("/var/lib/virtnode/images/minimal.img");
    assertThat(rec.process().pid()).isEqualTo(4242);
    assertThat(rec.process().startTicks()).isEqualTo(987654);
    assertThat(rec.process().specHash()).isEqualTo("a1b2c3d4e5f6a1b2c3d4e5f6");
    assertThat(rec.process().diskNodeNames()).containsEntry("root", "disk-root");
    assertThat(rec.runClaims()).extracting(Claim::kind)
        .containsExactly("vnc-port", "run-dir", "cgroup", "device-acl", "labels", "qemu");
    assertThat(rec.job()).isNull();
    assertThat(rec.deviceAcl()).as("the previous agent kept no ACL on disk").isNull();
  }

  @Test void theRecordIsUpgradedInPlace() throws Exception {
    Path f = install("v0-running.json");
    assertThat(Files.readString(f)).doesNotContain("schemaVersion").contains("createdFiles");

    VmRecord first = new RuntimeStore(state).load(UID).orElseThrow();

    String now = Files.readString(f);
    assertThat(now).contains("\"schemaVersion\" : 1").doesNotContain("createdFiles");
    assertThat(new RuntimeStore(state).load(UID).orElseThrow()).isEqualTo(first);
    assertThat(new RuntimeStore(state).loadAll()).containsExactly(first);
  }

  @Test void aRecordFromANewerAgentIsRefusedAndLeftAsItIs() throws Exception {
    Path f = install("v0-running.json");
    String newer = Files.readString(f).replaceFirst("\\{", "{ \"schemaVersion\" : 99,");
    Files.writeString(f, newer);

    assertThatThrownBy(() -> new RuntimeStore(state).load(UID)).hasMessageContaining("newer than this agent");
    assertThat(Files.readString(f)).isEqualTo(newer);
    assertThat(new RuntimeStore(state).loadAll()).as("skipped, logged, kept for a person").isEmpty();
  }
}
