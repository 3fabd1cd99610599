package io.virtnode.node.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketTest {
  @TempDir Path dir;

  @Test
  void nativeLayerIsAvailableOnThisHost() {
    assertThat(NativeIo.isAvailable()).as("cause: %s", NativeIo.unavailabilityCause()).isTrue();
    assertThat(NativeIo.unavailabilityCause()).isNull();
  }

  @Test
  void connectToAMissingSocketNamesCallPathAndErrno() {
    Path missing = dir.resolve("absent.sock");
    assertThatThrownBy(() -> UnixSocket.connect(missing))
        .isInstanceOfSatisfying(NativeException.class, e -> {
          assertThat(e.call()).isEqualTo("connect");
          assertThat(e.errno()).isEqualTo(NativeException.ENOENT);
          assertThat(e.errnoName()).isEqualTo("ENOENT");
        })
        .hasMessageContaining(missing.toString()).hasMessageContaining("No such file");
  }

  @Test
  void pathLongerThanSunPathIsRejectedClearly() {
    Path tooLong = dir.resolve("x".repeat(120));
    assertThatThrownBy(() -> UnixSocket.connect(tooLong))
        .isInstanceOf(IOException.class).hasMessageContaining("107").hasMessageContaining(tooLong.toString());
  }

  @Test
  void writesAndReadsBytesBothWays() throws Exception {
    Path path = dir.resolve("echo.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(path));
      try (UnixSocket socket = UnixSocket.connect(path); SocketChannel peer = server.accept()) {
        socket.write("hello".getBytes(StandardCharsets.UTF_8));
        ByteBuffer got = ByteBuffer.allocate(5);
        while (got.hasRemaining()) {
          peer.read(got);
        }
        assertThat(new String(got.array(), StandardCharsets.UTF_8)).isEqualTo("hello");
        peer.write(ByteBuffer.wrap("world".getBytes(StandardCharsets.UTF_8)));
        byte[] buf = new byte[16];
        int n = 0;
        while (n < 5) {
          n += socket.read(buf, 3 + n, 10 - n); // lands at an offset
        }
        assertThat(new String(buf, 3, 5, StandardCharsets.UTF_8)).isEqualTo("world");
        peer.close();
        assertThat(socket.read(buf, 0, buf.length)).isEqualTo(-1);
      }
    }
  }

  @Test
  void shutdownUnblocksABlockedReaderAndCloseIsIdempotent() throws Exception {
    Path path = dir.resolve("quiet.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(path));
      UnixSocket socket = UnixSocket.connect(path);
      try (SocketChannel peer = server.accept()) {
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
          try {
            return socket.read(new byte[8], 0, 8);
          } catch (IOException e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
        socket.shutdown();
        assertThat(reader.get(20, TimeUnit.SECONDS)).isEqualTo(-1);
        socket.close();
        socket.close();
        assertThat(socket.isClosed()).isTrue();
        assertThatThrownBy(() -> socket.write(new byte[] {1}))
            .isInstanceOf(IOException.class).hasMessageContaining("closed");
      }
    }
  }

  @Test
  void fileDescriptorsOpenAndCloseRawFds() throws Exception {
    int fd = FileDescriptors.openReadWrite(dir.resolve("f.bin"));
    assertThat(fd).isGreaterThan(2);
    FileDescriptors.close(fd);
    assertThatThrownBy(() -> FileDescriptors.close(-1)) // never re-close a real number: another thread may own it
        .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.errnoName()).isEqualTo("EBADF"));
    assertThatThrownBy(() -> FileDescriptors.openReadWrite(dir.resolve("no/such/dir/f")))
        .isInstanceOf(NativeException.class).hasMessageContaining("open").hasMessageContaining("no/such/dir");
  }
}
