package io.virtnode.node.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.host.HostIdentity.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The host UUID: override, SMBIOS unless a placeholder, machine-id. */
class HostIdentityTest {
  @TempDir Path root;

  private void smbios(String text) throws IOException {
    Files.createDirectories(root.resolve("sys/class/dmi/id"));
    Files.writeString(root.resolve("sys/class/dmi/id/product_uuid"), text + "\n");
  }

  private void machineId(String text) throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/machine-id"), text + "\n");
  }

  @Test
  void smbiosIsUsedWhenSane() throws IOException {
    smbios("4C4C4544-0042-3510-8052-B4C04F333732");
    machineId("0123456789abcdef0123456789abcdef");
    assertThat(new HostIdentity(root).resolve(Optional.empty()))
        .isEqualTo(new HostIdentity.Identity(UUID.fromString("4c4c4544-0042-3510-8052-b4c04f333732"), Source.SMBIOS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
      "03000200-0400-0500-0006-000700080009", "11111111-1111-1111-1111-111111111111", "not-a-uuid"})
  void placeholderSmbiosFallsBackToMachineId(String bogus) throws IOException {
    smbios(bogus);
    machineId("0123456789abcdef0123456789abcdef");
    assertThat(new HostIdentity(root).resolve(Optional.empty()))
        .isEqualTo(new HostIdentity.Identity(UUID.fromString("01234567-89ab-cdef-0123-456789abcdef"), Source.MACHINE_ID));
  }

  @Test
  void withoutDmiMachineIdIsUsedAndAnOverrideWins() throws IOException {
    machineId("0123456789abcdef0123456789abcdef");
    assertThat(new HostIdentity(root).resolve(Optional.empty()).source()).isEqualTo(Source.MACHINE_ID);
    assertThat(new HostIdentity(root).resolve(Optional.of("6f1c2a7e-0000-4000-8000-000000000001")))
        .isEqualTo(new HostIdentity.Identity(UUID.fromString("6f1c2a7e-0000-4000-8000-000000000001"), Source.OVERRIDE));
  }

  @Test
  void nothingUsableIsNamed() throws IOException {
    machineId("short");
    assertThatThrownBy(() -> new HostIdentity(root).resolve(Optional.empty()))
        .hasMessageContaining("no usable host UUID").hasMessageContaining("machine-id");
    assertThatThrownBy(() -> new HostIdentity(root).resolve(Optional.of("00000000-0000-0000-0000-000000000000")))
        .hasMessageContaining("placeholder");
    assertThatThrownBy(() -> new HostIdentity(root).resolve(Optional.of("nope"))).hasMessageContaining("is not a UUID");
  }

  @Test
  void thisHostHasAnIdentity() throws IOException {
    assertThat(new HostIdentity(Path.of("/")).resolve(Optional.empty()).uuid()).isNotNull();
  }
}
