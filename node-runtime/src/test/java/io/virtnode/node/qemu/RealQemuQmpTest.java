package io.virtnode.node.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtnode.node.nativeio.FileDescriptors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UnixQmpClient against the real QEMU 7.2 binary; fails (never skips) when QEMU is not installed. */
class RealQemuQmpTest {
  private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
  private final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path dir;
  private Process qemu;
  private UnixQmpClient client;

  @BeforeEach
  void startQemu() throws Exception {
    assertThat(Files.isExecutable(QEMU))
        .as(QEMU + " is missing: install the Debian package qemu-system-x86"
            + " (apt-get install -y --no-install-recommends qemu-system-x86)")
        .isTrue();
    Path sock = dir.resolve("m.sock");
    qemu = new ProcessBuilder(List.of(QEMU.toString(), "-machine", "none", "-S", "-nodefaults",
            "-no-user-config", "-display", "none", "-qmp", "unix:" + sock + ",server=on,wait=off"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile()).start();
    client = UnixQmpClient.connect(sock, qemu::isAlive, Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  @AfterEach
  void stopQemu() throws Exception {
    if (client != null) {
      client.close();
    }
    if (qemu != null && qemu.isAlive()) {
      qemu.destroy();
      if (!qemu.waitFor(20, TimeUnit.SECONDS)) {
        qemu.destroyForcibly();
      }
    }
  }

  @Test
  void queryStatusOfAStoppedMachineIsPrelaunch() throws Exception {
    JsonNode status = client.execute("query-status", null);
    assertThat(status.path("status").asText()).isEqualTo("prelaunch");
    assertThat(status.path("running").asBoolean()).isFalse();
  }

  @Test
  void getfdPassesAFileDescriptorOverScmRights() throws Exception {
    int fd = FileDescriptors.openReadWrite(dir.resolve("state.bin"));
    try {
      client.sendFd("myfd", fd);
    } finally {
      FileDescriptors.close(fd); // QEMU holds its own copy
    }
    client.execute("closefd", mapper.createObjectNode().put("fdname", "myfd"));
    assertThatThrownBy(() -> client.execute("closefd", mapper.createObjectNode().put("fdname", "myfd")))
        .isInstanceOf(QmpException.ErrorReply.class).hasMessageContaining("myfd");
  }

  @Test
  void getfdWithoutAnFdIsAnErrorReply() {
    assertThatThrownBy(() -> client.execute("getfd", mapper.createObjectNode().put("fdname", "nofd")))
        .isInstanceOf(QmpException.ErrorReply.class)
        .satisfies(e -> assertThat(((QmpException.ErrorReply) e).errorClass()).isEqualTo("GenericError"));
  }

  @Test
  void addFdReturnsAnFdsetListedByQueryFdsets() throws Exception {
    int fd = FileDescriptors.openReadWrite(dir.resolve("disk.img"));
    int fdset;
    try {
      fdset = client.addFd(fd, "vn-disk0");
    } finally {
      FileDescriptors.close(fd);
    }
    JsonNode fdsets = client.execute("query-fdsets", null);
    assertThat(fdsets).anySatisfy(set -> {
      assertThat(set.path("fdset-id").asInt()).isEqualTo(fdset);
      assertThat(set.path("fds").get(0).path("opaque").asText()).isEqualTo("vn-disk0");
    });
  }

  @Test
  void quitEndsTheSessionAndTheProcess() throws Exception {
    AtomicInteger closes = new AtomicInteger();
    List<String> events = new CopyOnWriteArrayList<>();
    client.addCloseListener(closes::incrementAndGet);
    client.addEventListener(e -> events.add(e.name() + ":" + e.data().path("reason").asText()));
    client.execute("quit", null);
    await().atMost(Duration.ofSeconds(30)).until(() -> closes.get() == 1);
    assertThat(qemu.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(qemu.exitValue()).isZero();
    assertThat(events).contains("SHUTDOWN:host-qmp-quit");
    assertThat(client.isOpen()).isFalse();
    assertThatThrownBy(() -> client.execute("query-status", null)).isInstanceOf(QmpException.Closed.class);
    assertThat(closes).hasValue(1);
  }
}
