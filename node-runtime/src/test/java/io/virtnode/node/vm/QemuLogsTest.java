package io.virtnode.node.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuLogsTest {
  @TempDir Path dir;

  @Test void anOverlongLogIsKeptAsDotOneAndTheWriterCarriesOnAtTheStart() throws Exception {
    Path log = dir.resolve("qemu.log");
    try (FileOutputStream qemu = new FileOutputStream(log.toFile(), true)) { // O_APPEND, as QEMU's stdout
      qemu.write("x".repeat(2000).getBytes(StandardCharsets.UTF_8));
      QemuLogs.rotate(log, 1000);
      qemu.write("after".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(Files.readString(log)).isEqualTo("after");
    assertThat(Files.size(dir.resolve("qemu.log.1"))).isEqualTo(2000);
  }

  @Test void aSmallLogIsLeftAloneAndTheTailReadsOnlyNewOutput() throws Exception {
    Path log = Files.writeString(dir.resolve("qemu.log"), "old start\\n");
    QemuLogs.rotate(log, 1000);
    assertThat(dir.resolve("qemu.log.1")).doesNotExist();
    long start = QemuLogs.size(log);
    Files.writeString(log, "new failure", java.nio.file.StandardOpenOption.APPEND);
    assertThat(QemuLogs.tail(log, start, 100)).isEqualTo("new failure");
  }
}
