package io.virtnode.node.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capped writer: a flood stays within files × maxBytes, the newest output survives, nothing foreign goes. */
class RotatingLogTest {
  @TempDir Path dir;

  private static void write(RotatingLog log, String s) throws IOException {
    log.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)));
  }

  private long onDisk() throws IOException {
    try (var files = Files.list(dir)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  @Test
  void aFloodIsBoundedAndKeepsTheNewestOutput() throws IOException {
    Path path = dir.resolve("serial.log");
    try (RotatingLog log = new RotatingLog(path, 4096, 3)) {
      byte[] chunk = new byte[1000];
      for (int i = 0; i < 10_000; i++) { // 10 MB of guest output
        java.util.Arrays.fill(chunk, (byte) ('a' + i % 26));
        log.write(ByteBuffer.wrap(chunk));
      }
      write(log, "LAST-LINE");
    }
    assertThat(onDisk()).isLessThanOrEqualTo(3 * 4096);
    assertThat(Files.size(path)).isLessThanOrEqualTo(4096);
    assertThat(Files.readString(path)).endsWith("LAST-LINE");
    assertThat(dir.resolve("serial.log.1")).exists();
    assertThat(dir.resolve("serial.log.2")).exists();
    assertThat(dir.resolve("serial.log.3")).doesNotExist();
    assertThat(Files.size(dir.resolve("serial.log.1"))).isEqualTo(4096);
  }

  @Test
  void rotationMovesTheOldOutputToTheNumberedFile() throws IOException {
    Path path = dir.resolve("c.log");
    try (RotatingLog log = new RotatingLog(path, 10, 2)) {
      write(log, "0123456789");
      write(log, "abc");
    }
    assertThat(Files.readString(dir.resolve("c.log.1"))).isEqualTo("0123456789");
    assertThat(Files.readString(path)).isEqualTo("abc");
  }

  @Test
  void theLogKeepsItsInodeAcrossRotationsSoItsRecordByInodeStaysTrue() throws IOException {
    Path path = dir.resolve("c.log");
    Object before;
    try (RotatingLog log = new RotatingLog(path, 10, 3)) {
      before = Files.getAttribute(path, "unix:ino");
      for (int i = 0; i < 5; i++) write(log, "0123456789");
      write(log, "tail");
    }
    assertThat(Files.getAttribute(path, "unix:ino")).isEqualTo(before);
    assertThat(Files.readString(path)).isEqualTo("tail");
    assertThat(Files.readString(dir.resolve("c.log.1"))).isEqualTo("0123456789");
    assertThat(Files.getPosixFilePermissions(dir.resolve("c.log.1")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void aLogReopenedByARestartedAgentStaysCappedWithoutTouchingTheEarlierRotatedFiles() throws IOException {
    Path path = dir.resolve("c.log");
    try (RotatingLog log = new RotatingLog(path, 10, 2)) {
      write(log, "0123456789");
      write(log, "abc");
    }
    try (RotatingLog log = new RotatingLog(path, 10, 2)) {
      for (int i = 0; i < 10; i++) write(log, "xyz");
    }
    assertThat(onDisk()).isLessThanOrEqualTo(2 * 10);
    assertThat(Files.readString(path)).endsWith("xyz");
    assertThat(Files.readString(dir.resolve("c.log.1"))).as("not provably this log's: kept").isEqualTo("0123456789");
  }

  @Test
  void aLogReopenedWithItsMadeRecordRotatesTheEarlierRotatedFilesOn() throws IOException {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path made = dir.resolve("made");
    Path path = logs.resolve("c.log");
    try (RotatingLog log = new RotatingLog(path, 10, 3, made)) {
      write(log, "first-----");
      write(log, "second----");
      write(log, "x");
    }
    try (RotatingLog log = new RotatingLog(path, 10, 3, made)) { // e.g. the agent restarted
      write(log, "yyyyyyyyy");
      write(log, "z");
    }
    assertThat(Files.readString(path)).isEqualTo("z");
    assertThat(Files.readString(logs.resolve("c.log.1"))).isEqualTo("xyyyyyyyyy");
    assertThat(Files.readString(logs.resolve("c.log.2"))).as("rotated on, not dropped").isEqualTo("second----");
  }

  @Test
  void aMadeRecordNeverMakesAFileSwappedInAtARotatedNameThisLogs() throws IOException {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path made = dir.resolve("made");
    Path path = logs.resolve("c.log");
    try (RotatingLog log = new RotatingLog(path, 10, 3, made)) {
      write(log, "first-----");
      write(log, "x");
    }
    Files.delete(logs.resolve("c.log.1"));
    Files.writeString(logs.resolve("c.log.1"), "someone else's"); // a new inode at the recorded name
    try (RotatingLog log = new RotatingLog(path, 10, 3, made)) {
      write(log, "yyyyyyyyy");
      write(log, "z");
    }
    assertThat(Files.readString(logs.resolve("c.log.1"))).isEqualTo("someone else's");
    assertThat(logs.resolve("c.log.2")).doesNotExist();
  }

  @Test
  void oneFileMeansTruncateInPlace() throws IOException {
    Path path = dir.resolve("c.log");
    try (RotatingLog log = new RotatingLog(path, 10, 1)) {
      write(log, "0123456789xyz");
    }
    assertThat(Files.readString(path)).isEqualTo("xyz");
    assertThat(dir.resolve("c.log.1")).doesNotExist();
  }

  @Test
  void aForeignFileAtARotatedNameIsNeverReplaced() throws IOException {
    Path path = dir.resolve("c.log");
    Path foreign = Files.writeString(dir.resolve("c.log.1"), "another VM's disk");
    try (RotatingLog log = new RotatingLog(path, 10, 2)) {
      write(log, "0123456789");
      write(log, "abc");
    }
    assertThat(Files.readString(foreign)).isEqualTo("another VM's disk");
    assertThat(Files.readString(path)).isEqualTo("abc");
  }

  @Test
  void aSymlinkAtTheLogPathIsNotFollowed() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "keep");
    Path link = Files.createSymbolicLink(dir.resolve("link.log"), target);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RotatingLog(link, 10, 2))
        .isInstanceOf(IOException.class);
    assertThat(Files.readString(target)).isEqualTo("keep");
  }
}
