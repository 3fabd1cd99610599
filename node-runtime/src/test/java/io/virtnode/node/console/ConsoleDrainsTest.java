package io.virtnode.node.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-VM drains: all of a VM's consoles or none, removed with the VM's QEMU. */
class ConsoleDrainsTest {
  @TempDir Path dir;

  @Test
  void eachConsoleOfAVmIsDrainedIntoItsOwnLogUntilStopped() throws Exception {
    int uid = (Integer) Files.getAttribute(dir, "unix:uid");
    try (ConsoleDrains drains = new ConsoleDrains(4096, 2, uid, uid)) {
      Map<Path, Path> consoles = new LinkedHashMap<>();
      consoles.put(dir.resolve("c0.sock"), dir.resolve("serial.log"));
      consoles.put(dir.resolve("c1.sock"), dir.resolve("channel.log"));
      drains.start("vm1", consoles);
      drains.start("vm1", consoles); // again: no-op
      for (var e : consoles.entrySet()) {
        try (SocketChannel guest = SocketChannel.open(StandardProtocolFamily.UNIX)) {
          guest.connect(UnixDomainSocketAddress.of(e.getKey()));
          guest.write(ByteBuffer.wrap(e.getValue().getFileName().toString().getBytes(StandardCharsets.US_ASCII)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(e.getValue())
            && Files.readString(e.getValue()).equals(e.getValue().getFileName().toString()));
      }
      drains.stop("vm1");
      assertThat(drains.draining("vm1")).isFalse();
      assertThat(dir.resolve("c0.sock")).doesNotExist();
      assertThat(dir.resolve("c1.sock")).doesNotExist();
    }
  }

  @Test
  void aConsoleThatCannotBeServedUndoesTheOthers() throws Exception {
    Files.writeString(dir.resolve("taken.sock"), "someone's file");
    Map<Path, Path> consoles = new LinkedHashMap<>();
    consoles.put(dir.resolve("ok.sock"), dir.resolve("ok.log"));
    consoles.put(dir.resolve("taken.sock"), dir.resolve("taken.log"));
    try (ConsoleDrains drains = new ConsoleDrains(4096, 2, 0, 0)) {
      assertThatThrownBy(() -> drains.start("vm1", consoles)).isInstanceOf(java.io.IOException.class);
      assertThat(drains.draining("vm1")).isFalse();
      assertThat(dir.resolve("ok.sock")).doesNotExist();
      assertThat(Files.readString(dir.resolve("taken.sock"))).isEqualTo("someone's file");
    }
  }
}
