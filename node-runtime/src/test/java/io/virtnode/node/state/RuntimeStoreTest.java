package io.virtnode.node.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeStoreTest {
  @TempDir Path state;

  private static final String UID = "0b7c6a1e-5f0d-4c57-9d1e-3f2a9c1b8e77";

  private static VmRecord running(String uid) {
    ProcessRecord p = new ProcessRecord(4242L, 987654321L, "/run/virtnode/" + uid, 5901, "10.0.0.5:5901",
        List.of("/usr/bin/qemu-system-x86_64", "-name", "guest=vm1", "-S"), "sha256:abc",
        Map.of("root", "drive-root", "data", "drive-data"), 1_700_000_000_000L);
    return VmRecord.fresh(uid, "default", "vm1").withAddresses(Map.of("eth0", "52:54:00:12:34:56"))
        .withCreatedFile("/var/lib/virtnode/images/" + uid + "-root.qcow2").withProcess(p);
  }

  @Test
  void saveThenLoadRoundTripsAllFields() throws IOException {
    RuntimeStore store = new RuntimeStore(state);
    VmRecord rec = running(UID);

    store.save(rec);

    assertThat(store.load(UID)).contains(rec);
    VmRecord loaded = store.load(UID).orElseThrow();
    assertThat(loaded.process().argv()).containsExactly("/usr/bin/qemu-system-x86_64", "-name", "guest=vm1", "-S");
    assertThat(loaded.process().diskNodeNames()).containsEntry("data", "drive-data");
    assertThat(loaded.process().stopRequestedAt()).isEqualTo(1_700_000_000_000L);
    assertThat(Files.exists(state.resolve("vms").resolve(UID + ".json"))).isTrue();
  }

  @Test
  void roundTripsARecordWithoutProcessAndWithNulls() throws IOException {
    RuntimeStore store = new RuntimeStore(state);
    VmRecord fresh = VmRecord.fresh("vm-2", "ns", "two");
    ProcessRecord notYetSpawned = new ProcessRecord(0, 0, "/run/x", null, null, null, "h", null, null);

    store.save(fresh);
    assertThat(store.load("vm-2")).contains(fresh);

    store.save(fresh.withProcess(notYetSpawned));
    assertThat(store.load("vm-2")).contains(fresh.withProcess(notYetSpawned));
  }

  @Test
  void loadOfAnUnknownUidIsEmpty() throws IOException {
    RuntimeStore store = new RuntimeStore(state);
    assertThat(store.load("nothing-here")).isEmpty();
    assertThat(store.loadAll()).isEmpty();
  }

  @Test
  void saveReplacesAtomicallyAndLeavesNoTempFile() throws IOException {
    RuntimeStore store = new RuntimeStore(state);
    VmRecord first = running(UID);
    VmRecord second = first.withProcess(first.process().withPid(777, 123)).withCreatedFile("/tmp/extra.qcow2");

    store.save(first);
    store.save(second);

    assertThat(store.load(UID)).contains(second);
    assertThat(listNames(state.resolve("vms"))).containsExactly(UID + ".json");
  }

  @Test
  void aTempFileLeftByACrashIsNeitherLoadedNorInTheWay() throws IOException {
    RuntimeStore store = new RuntimeStore(state);
    Path vms = Files.createDirectories(state.resolve("vms"));
    Files.writeString(vms.resolve(UID + ".json.tmp"), "{\"uid\":\"half-writ");

    assertThat(store.loadAll()).isEmpty();
    store.save(running(UID));

    assertThat(store.load(UID)).contains(running(UID));
    assertThat(listNames(vms)).containsExactly(UID + ".json");
  }

  @Test
  void loadAllSkipsAndLogsAnUnreadableRecordButReturnsTheOthers() throws IOException {
    RuntimeStore store = new RuntimeStore(state);
    VmRecord a = running("vm-a");
    VmRecord c = VmRecord.fresh("vm-c", "ns", "c");
    store.save(a);
    store.save(c);
    Path broken = state.resolve("vms").resolve("vm-b.json");
    Files.writeString(broken, "{ this is not json");

    String log = capturingStderr(() -> assertThat(store.loadAll()).containsExactlyInAnyOrder(a, c));

    assertThat(log).contains("unreadable").contains(broken.toString());
    assertThat(broken).exists(); // left in place for a person to inspect
    assertThatThrownBy(() -> store.load("vm-b")).isInstanceOf(IOException.class);
  }

  @Test
  void deleteRemovesTheRecord() throws IOException {
    RuntimeStore store = new RuntimeStore(state);
    store.save(running("vm-a"));
    store.save(running("vm-b"));

    store.delete("vm-a");

    assertThat(store.load("vm-a")).isEmpty();
    assertThat(store.loadAll()).extracting(VmRecord::uid).containsExactly("vm-b");
    assertThat(listNames(state.resolve("vms"))).containsExactly("vm-b.json");
    store.delete("vm-a"); // deleting again is fine
  }

  @Test
  void deleteOnAFreshNodeIsANoOp() throws IOException {
    // An agent that never saved anything forgets a VM it never ran: nothing to delete, nothing to fail.
    RuntimeStore store = new RuntimeStore(state);
    store.delete(UID);
    assertThat(store.loadAll()).isEmpty();
  }

  @Test
  void saveFailsClosedWhenTheStateDirectoryCannotBeCreated() throws IOException {
    // Running as root, permissions would not stop the write: make "vms" a regular file instead.
    Path vms = state.resolve("vms");
    Files.writeString(vms, "not a directory");
    RuntimeStore store = new RuntimeStore(state);

    assertThatThrownBy(() -> store.save(running(UID)))
        .isInstanceOf(StateWriteException.class)
        .hasMessageContaining(vms.resolve(UID + ".json").toString())
        .hasCauseInstanceOf(IOException.class);
    assertThat(Files.readString(vms)).isEqualTo("not a directory");
  }

  @Test
  void saveFailsClosedUnderAnUnwritableFilesystem() {
    Path unwritable = Path.of("/proc/virtnode-runtime-store-test");
    RuntimeStore store = new RuntimeStore(unwritable);

    assertThatThrownBy(() -> store.save(running(UID)))
        .isInstanceOf(StateWriteException.class)
        .hasMessageContaining(unwritable.toString());
  }

  @Test
  void aFailedSaveKeepsThePreviousRecord() throws IOException {
    RuntimeStore store = new RuntimeStore(state);
    VmRecord before = VmRecord.fresh(UID, "ns", "vm");
    store.save(before);
    // Block the temp file: the write fails before anything replaces the record.
    Files.createDirectories(state.resolve("vms").resolve(UID + ".json.tmp"));

    assertThatThrownBy(() -> store.save(running(UID)))
        .isInstanceOf(StateWriteException.class)
        .hasMessageContaining(UID + ".json");
    assertThat(store.load(UID)).contains(before);
  }

  @Test
  void rejectsUidsThatAreNotPlainNames() throws IOException {
    RuntimeStore store = new RuntimeStore(state.resolve("node"));
    for (String bad : List.of("../x", "..", "a/b", "/etc/passwd", "", "x.json", "a b", "x".repeat(65))) {
      assertThatThrownBy(() -> store.save(VmRecord.fresh(bad, "ns", "n")))
          .as("save %s", bad).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.load(bad)).as("load %s", bad).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.delete(bad)).as("delete %s", bad).isInstanceOf(IllegalArgumentException.class);
    }
    try (Stream<Path> all = Files.walk(state)) {
      assertThat(all.filter(Files::isRegularFile)).isEmpty();
    }
  }

  private static List<String> listNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  interface Action { void run() throws Exception; }

  /** Runs action and returns what was written to System.err meanwhile (slf4j-simple logs there). */
  private static String capturingStderr(Action action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
