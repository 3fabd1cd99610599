package io.virtnode.node.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guest flooding its console through the agent's socket fills at most the cap, across reconnects. */
class ConsoleDrainTest {
  @TempDir Path dir;

  @Test
  void aFloodThroughTheSocketStaysWithinTheCapAndTheLastOutputArrives() throws Exception {
    Path log = dir.resolve("serial0.log");
    Path sock = dir.resolve("serial0.sock");
    int uid = (Integer) Files.getAttribute(dir, "unix:uid");
    int gid = (Integer) Files.getAttribute(dir, "unix:gid");
    long total = 16L << 20;
    try (ConsoleDrain drain = ConsoleDrain.start(sock, new RotatingLog(log, 64 * 1024, 2), uid, gid)) {
      assertThat(Files.getAttribute(sock, "unix:mode")).satisfies(m -> assertThat((Integer) m & 0777).isEqualTo(0600));
      for (int round = 0; round < 2; round++) { // QEMU reconnecting after the first connection ends
        try (SocketChannel guest = SocketChannel.open(StandardProtocolFamily.UNIX)) {
          guest.connect(UnixDomainSocketAddress.of(sock));
          ByteBuffer junk = ByteBuffer.allocate(1 << 20);
          for (long sent = 0; sent < total / 2; sent += junk.capacity()) {
            junk.clear();
            while (junk.hasRemaining()) guest.write(junk);
          }
          guest.write(ByteBuffer.wrap(("END-" + round).getBytes(StandardCharsets.US_ASCII)));
        }
        int r = round;
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log, StandardCharsets.ISO_8859_1)
            .endsWith("END-" + r));
      }
      assertThat(drain.drained()).isEqualTo(total + 10);
    }
    assertThat(Files.size(log) + Files.size(dir.resolve("serial0.log.1"))).isLessThanOrEqualTo(2 * 64 * 1024);
    assertThat(sock).as("socket removed on close").doesNotExist();
  }
}
