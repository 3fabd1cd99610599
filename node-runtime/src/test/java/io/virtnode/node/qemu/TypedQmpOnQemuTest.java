package io.virtnode.node.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.nativeio.FileDescriptors;
import io.virtnode.node.qemu.QmpReplies.AddFdInfo;
import io.virtnode.node.testing.HostTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed commands, replies and events through QmpSession against the real QEMU binary. */
class TypedQmpOnQemuTest {
  @TempDir Path dir;
  private Process qemu;
  private QmpSession qmp;

  @BeforeEach
  void start() throws Exception {
    Path sock = dir.resolve("m.sock");
    qemu = new ProcessBuilder(List.of(HostTools.qemu().toString(), "-machine", "pc", "-accel", "tcg", "-S",
        "-nodefaults", "-no-user-config", "-display", "none", "-qmp", "unix:" + sock + ",server=on,wait=off"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile()).start();
    qmp = new QmpSession(UnixQmpClient.connect(sock, qemu::isAlive, Duration.ofSeconds(60),
        Duration.ofSeconds(60)), Duration.ofSeconds(60));
  }

  @AfterEach
  void stop() throws Exception {
    qmp.client().close();
    qemu.destroy();
    if (!qemu.waitFor(20, TimeUnit.SECONDS)) {
      qemu.destroyForcibly();
    }
  }

  @Test
  void contAndStopAreAwaitedAsTypedEventsAndStatusFollows() throws Exception {
    List<String> routed = new CopyOnWriteArrayList<>();
    qmp.events().on(QmpEvents.Resume.class, e -> routed.add("RESUME"));
    qmp.events().on(QmpEvents.Stop.class, e -> routed.add("STOP"));
    assertThat(qmp.run(new Qmp.QueryStatus()).status()).isEqualTo("prelaunch");

    qmp.runAndAwait(new Qmp.Cont(), QmpEvents.Resume.class, e -> true, Duration.ofSeconds(60));
    assertThat(qmp.run(new Qmp.QueryStatus()).running()).isTrue();
    qmp.runAndAwait(new Qmp.Stop(), QmpEvents.Stop.class, e -> true, Duration.ofSeconds(60));

    assertThat(qmp.run(new Qmp.QueryStatus()).status()).isEqualTo("paused");
    assertThat(routed).containsExactly("RESUME", "STOP");
  }

  @Test
  void addFdJoinsAnFdsetAndRemoveFdTakesItBack() throws Exception {
    qmp.run(new Qmp.Cont()); // QEMU 7.2 closes removed fds only while the VM runs (monitor_fdset_cleanup)
    int fd = FileDescriptors.openReadWrite(dir.resolve("disk.img"));
    AddFdInfo added;
    try {
      added = qmp.run(new Qmp.AddFd(fd, null, "disk-x"));
    } finally {
      FileDescriptors.close(fd);
    }
    assertThat(qmp.run(new Qmp.QueryFdsets())).singleElement().satisfies(s -> {
      assertThat(s.fdsetId()).isEqualTo(added.fdsetId());
      assertThat(s.fds()).extracting(QmpReplies.FdInfo::opaque).containsExactly("disk-x");
    });

    qmp.run(new Qmp.RemoveFd(added.fdsetId(), added.fd()));

    assertThat(qmp.run(new Qmp.QueryFdsets())).isEmpty();
  }

  @Test
  void errorReplyOfATypedCommandNamesQemusClass() {
    assertThatThrownBy(() -> qmp.run(new Qmp.DeviceDel("nope")))
        .isInstanceOfSatisfying(QmpException.ErrorReply.class,
            e -> assertThat(e.errorClass()).isEqualTo("DeviceNotFound"));
    assertThatThrownBy(() -> qmp.run(new Qmp.BlockdevDel("nope"))).isInstanceOf(QmpException.ErrorReply.class)
        .hasMessageContaining("nope");
  }
}
