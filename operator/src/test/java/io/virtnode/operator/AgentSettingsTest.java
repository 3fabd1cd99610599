package io.virtnode.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.storage.StorageRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings are checked at start: each bad one is named in the error, the defaults pass. */
class AgentSettingsTest {
  @TempDir Path dir;
  Path etc;

  @BeforeEach
  void etc() throws IOException {
    etc = Files.createDirectories(dir.resolve("etc"));
    Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\ntoor:x:0:5::/:/bin/sh\n"
        + "nobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n");
    Files.writeString(etc.resolve("group"), "root:x:0:\nwheel:x:0:\nnogroup:x:65534:\n");
  }

  private void refused(Consumer<AgentSettings> change, String... named) {
    AgentSettings s = new AgentSettings();
    change.accept(s);
    var thrown = assertThatThrownBy(() -> s.validate(etc)).isInstanceOf(IllegalArgumentException.class);
    for (String n : named) thrown.hasMessageContaining(n);
  }

  @Test void theDefaultsAreValid() {
    new AgentSettings().validate(etc);
  }

  @Test void qemuNeverRunsAsRootByNameOrNumber() {
    refused(s -> s.qemuUser = "root", "qemuUser root is root");
    refused(s -> s.qemuUser = "toor", "qemuUser toor is root");
    refused(s -> s.qemuUser = "0", "qemuUser 0 is root");
    refused(s -> s.qemuGroup = "root", "qemuGroup root is root");
    refused(s -> s.qemuGroup = "wheel", "qemuGroup wheel is root");
    refused(s -> s.qemuGroup = "0", "qemuGroup 0 is root");
    refused(s -> s.qemuUser = "ghost", "qemuUser ghost is not in");
  }

  @Test void storageRootsAreAbsoluteAndNeverTheSystemOrTheAgentsOwnDirs() {
    refused(s -> s.allowedStorageRoots = List.of("images"), "allowedStorageRoots[0] images must be an absolute");
    refused(s -> s.allowedStorageRoots = List.of("/"), "allowedStorageRoots[0] must not be /");
    for (String sys : List.of("/etc", "/usr/share/x", "/proc", "/sys", "/dev", "/run/x", "/boot")) {
      refused(s -> s.allowedStorageRoots = List.of(sys), "allowedStorageRoots[0] " + sys + " lies in the system tree");
    }
    refused(s -> {
      s.allowedStorageRoots = List.of();
      s.storageRoots = List.of(new AgentSettings.StorageRootSetting("/var/lib/virtnode", "PerNamespace", null));
    }, "storageRoots[0].path /var/lib/virtnode overlaps stateDir");
    refused(s -> {
      s.runDir = "/srv/vm/run";
      s.allowedStorageRoots = List.of("/srv/vm");
    }, "overlaps runDir /srv/vm/run");
    refused(s -> s.storageRoots = List.of(new AgentSettings.StorageRootSetting("/srv/x", "Everyone", null)),
        "storageRoots[0].mode must be");
    refused(s -> s.storageRoots = List.of(new AgentSettings.StorageRootSetting("/srv/x", "Namespaces", null)),
        "storageRoots[0].namespaces must list");
  }

  @Test void timeoutsAndGracePeriodsArePositive() {
    refused(s -> s.qmpTimeoutSeconds = 0, "qmpTimeoutSeconds must be positive");
    refused(s -> s.startTimeoutSeconds = -1, "startTimeoutSeconds must be positive");
    refused(s -> s.stopGracePeriodSeconds = -5, "stopGracePeriodSeconds must be positive");
    refused(s -> s.restartDelaySeconds = -1, "restartDelaySeconds must not be negative");
    refused(s -> s.consoleLogMaxBytes = 10, "consoleLogMaxBytes");
    refused(s -> s.consoleLogFiles = 0, "consoleLogFiles");
  }

  @Test void everyBadSettingIsNamedAtOnce() {
    refused(s -> {
      s.qemuGroup = "root";
      s.qmpTimeoutSeconds = 0;
      s.allowedStorageRoots = List.of("/");
    }, "qemuGroup", "qmpTimeoutSeconds", "allowedStorageRoots[0]");
  }

  @Test void vncOffLoopbackOnlyWhenSaidExplicitly() {
    refused(s -> s.vncListen = "0.0.0.0", "vncListen 0.0.0.0 is not a loopback", "vncAllowNonLoopback");
    AgentSettings s = new AgentSettings();
    s.vncListen = "0.0.0.0";
    s.vncAllowNonLoopback = true;
    s.validate(etc);
    s.vncListen = "127.0.0.2";
    s.vncAllowNonLoopback = false;
    s.validate(etc);
  }

  @Test void oldAndNewStorageRootSettingsBothReadAndPerNamespaceIsTheDefault() throws IOException {
    Path yaml = Files.writeString(dir.resolve("agent.yaml"), """
        allowedStorageRoots: [/srv/old]
        storageRoots:
          - {path: /srv/library, mode: SharedReadOnly}
          - {path: /srv/team, mode: Namespaces, namespaces: [team-a, team-b]}
          - {path: /srv/tenants}
        """);
    AgentSettings s = AgentSettings.load(yaml);
    assertThat(s.effectiveStorageRoots()).extracting(StorageRoot::path, StorageRoot::mode).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Path.of("/srv/library"), StorageRoot.Mode.SHARED_READ_ONLY),
        org.assertj.core.groups.Tuple.tuple(Path.of("/srv/team"), StorageRoot.Mode.NAMESPACES),
        org.assertj.core.groups.Tuple.tuple(Path.of("/srv/tenants"), StorageRoot.Mode.PER_NAMESPACE),
        org.assertj.core.groups.Tuple.tuple(Path.of("/srv/old"), StorageRoot.Mode.PER_NAMESPACE));
    assertThat(s.effectiveStorageRoots().get(1).namespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(new AgentSettings().effectiveStorageRoots()).singleElement()
        .isEqualTo(StorageRoot.perNamespace(Path.of("/var/lib/virtnode/images")));
  }
}
