package io.virtnode.operator.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VncViewersTest {
  @Test
  void eachViewerGetsTheEndpointInItsOwnSyntax() {
    assertThat(VncViewers.argv(Path.of("/usr/bin/vncviewer"), "127.0.0.1:5901"))
        .containsExactly("/usr/bin/vncviewer", "127.0.0.1::5901");
    assertThat(VncViewers.argv(Path.of("/usr/bin/remote-viewer"), "127.0.0.1:5901"))
        .containsExactly("/usr/bin/remote-viewer", "vnc://127.0.0.1:5901");
    assertThat(VncViewers.argv(Path.of("/usr/bin/gvncviewer"), "127.0.0.1:5901"))
        .containsExactly("/usr/bin/gvncviewer", "127.0.0.1:1");
  }

  @Test
  void aUnixSocketEndpointIsOpenedByViewersThatCanAndRefusedByGvncviewer() {
    assertThat(VncViewers.argv(Path.of("/usr/bin/remote-viewer"), "unix:/run/virtnode/vm.vnc"))
        .containsExactly("/usr/bin/remote-viewer", "vnc+unix:///run/virtnode/vm.vnc");
    assertThat(VncViewers.argv(Path.of("/usr/bin/vncviewer"), "unix:/run/virtnode/vm.vnc"))
        .containsExactly("/usr/bin/vncviewer", "/run/virtnode/vm.vnc");
    assertThatThrownBy(() -> VncViewers.argv(Path.of("/usr/bin/gvncviewer"), "unix:/run/virtnode/vm.vnc"))
        .hasMessageContaining("gvncviewer cannot open a unix socket");
  }

  @Test
  void noViewerOnAnEmptyPath() {
    assertThat(VncViewers.find("")).isEmpty();
    assertThat(VncViewers.find(null)).isEmpty();
  }
}
