package io.virtnode.node.hotplug;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtnode.node.domain.CharBackendSpec;
import io.virtnode.node.domain.CharDevice;
import io.virtnode.node.domain.ChannelSpec;
import io.virtnode.node.domain.DeviceProps;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.qemu.Qmp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A char device's QMP rendering (chardev-add + device_add) is accepted by QEMU like its argv is. */
@Tag("hotplug")
class CharDeviceOnQemuTest {
  @TempDir Path tmp;

  @Test
  void virtioSerialChannelIsAddedLiveWithItsUnixSocket() throws Exception {
    Path first = tmp.resolve("first.sock");
    DomainSpec spec = new DomainSpec("default_chr", "6f1c2a3e-0b1d-4c5e-9f00-112233445588", 1, 128, "pc", List.of(),
        List.of(), List.of(), List.of(), List.of(), List.of(new ChannelSpec("org.example.first", null,
            new CharBackendSpec(CharBackendSpec.Kind.UNIX, first, true))), null, false, 4);
    Path live = tmp.resolve("live.sock");
    CharDevice channel = new CharDevice("chr-channel-org.example.live",
        new CharBackendSpec(CharBackendSpec.Kind.UNIX, live, true),
        DeviceProps.driver("virtserialport").add("chardev", "chr-channel-org.example.live")
            .add("id", "channel-org.example.live").add("name", "org.example.live").add("bus", "vserial0.0")
            .add("nr", 2L));

    try (RunningQemu qemu = RunningQemu.start(spec, tmp.resolve("run"), List.of())) {
      qemu.qmp.run(channel.chardevAdd());
      qemu.qmp.run(channel.frontendAdd());

      JsonNode chardevs = qemu.qmp.run(new Qmp.Raw("query-chardev", null));
      assertThat(chardevs).anySatisfy(c -> assertThat(c.path("label").asText())
          .isEqualTo("chr-channel-org.example.live"));
      assertThat(Files.exists(live)).isTrue();
      JsonNode port = qemu.qmp.run(new Qmp.Raw("qom-get", new com.fasterxml.jackson.databind.ObjectMapper()
          .createObjectNode().put("path", "/machine/peripheral/channel-org.example.live").put("property", "name")));
      assertThat(port.asText()).isEqualTo("org.example.live");
    }
  }
}
