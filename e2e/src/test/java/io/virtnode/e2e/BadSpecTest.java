package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.virtnode.api.v1alpha1.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad specs are rejected by the API with the schema/CEL message, or reported by the agent as a Failed
 * condition with a reason — and in both cases nothing is left on the host.
 */
@Tag("lifecycle")
class BadSpecTest {
  @TempDir static Path root;
  static TestCluster cluster;

  @BeforeAll static void start() throws IOException {
    cluster = TestCluster.start(root, 26000, "node-a");
    Files.writeString(cluster.images.resolve("raw.img"), "not a qcow2");
    Files.createDirectories(root.resolve("elsewhere"));
    Files.writeString(root.resolve("elsewhere/disk.img"), "x");
    Files.createSymbolicLink(cluster.images.resolve("link.img"), root.resolve("elsewhere/disk.img"));
  }

  @AfterAll static void stop() {
    if (cluster != null) cluster.close();
  }

  static String disk(String name, String path) {
    return "disks:\n- {name: " + name + ", path: '" + path + "'}\n";
  }

  static Stream<Arguments> rejectedByTheApi() {
    return Stream.of(
        Arguments.of("memory-unit", "memory: 12XB\n", "spec.memory"),
        Arguments.of("memory-zero", "memory: 0Mi\n", "spec.memory"),
        Arguments.of("cpus-zero", "cpus: 0\n", "spec.cpus"),
        Arguments.of("cpus-huge", "cpus: 1000\n", "spec.cpus"),
        Arguments.of("state-saved", "state: Saved\n", "spec.state"),
        Arguments.of("dup-disks", "disks:\n- {name: a, path: /x/a.img}\n- {name: a, path: /x/b.img}\n",
            "disk names must be unique"),
        Arguments.of("relative-path", disk("a", "images/a.img"), "spec.disks[0].path"),
        Arguments.of("dotdot-path", disk("a", "/var/lib/virtnode/images/../../../etc/shadow"),
            "must not contain . or .. components"),
        Arguments.of("newline-path", "disks:\n- {name: a, path: \"/var/lib/a.img\\n-drive file=/etc/shadow\"}\n",
            "spec.disks[0].path"),
        Arguments.of("comma-name", disk("'a,file=/etc/shadow'", "/var/lib/a.img"), "spec.disks[0].name"),
        Arguments.of("comma-channel", "channels:\n- {name: 'a,b', backend: {type: Pty}}\n", "spec.channels[0].name"),
        Arguments.of("create-block", "disks:\n- {name: a, type: Block, path: /dev/sdz, create: {size: 1Gi}}\n",
            "create is only allowed for File disks"),
        Arguments.of("pty-with-path", "serials:\n- {name: s, backend: {type: Pty, path: /tmp/x}}\n",
            "path is required for File, Pipe and Unix backends and not allowed for Pty"),
        Arguments.of("file-no-path", "serials:\n- {name: s, backend: {type: File}}\n",
            "path is required for File"),
        Arguments.of("dup-channel-port", "channels:\n- {name: a, port: 3, backend: {type: Pty}}\n"
            + "- {name: b, port: 3, backend: {type: Pty}}\n", "channel port numbers must be unique"),
        Arguments.of("channel-port-31", "channels:\n- {name: a, port: 31, backend: {type: Pty}}\n",
            "spec.channels[0].port"),
        Arguments.of("node-and-selector", "nodeName: node-a\nnodeSelector: {a: b}\n",
            "set either nodeName or nodeSelector, not both"),
        Arguments.of("long-name", disk("a".repeat(40), "/var/lib/a.img"), "spec.disks[0].name"),
        Arguments.of("unknown-bus", "disks:\n- {name: a, path: /x/a.img, bus: ide}\n", "spec.disks[0].bus"),
        Arguments.of("dup-interfaces", "interfaces:\n- {name: a, link: eth0}\n- {name: a, link: eth1}\n",
            "interface names must be unique"),
        Arguments.of("multicast-mac", "interfaces:\n- {name: a, link: eth0, macAddress: '01:00:5e:00:00:01'}\n",
            "macAddress must be unicast"),
        Arguments.of("link-alias", "interfaces:\n- {name: a, link: 'eth0:1'}\n", "spec.interfaces[0].link"),
        Arguments.of("ips-no-filter", "interfaces:\n- {name: a, link: eth0, allowedIPs: [192.0.2.1]}\n",
            "allowedIPs needs a filter"),
        Arguments.of("dup-hostdevice", "hostDevices:\n- {name: a, hostDeviceRef: d}\n- {name: b, hostDeviceRef: d}\n",
            "a HostDevice can be given to a VM only once"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedByTheApi")
  void rejectedAtApplyTimeWithTheSchemaMessage(String name, String specYaml, String expected) throws IOException {
    String yaml = """
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata: {name: %s, namespace: default}
        spec:
        %s""".formatted(name, (specYaml.contains("memory:") ? specYaml : "memory: 64Mi\n" + specYaml).indent(2));
    // Sent as the user wrote it (untyped), as kubectl does: the API server alone must refuse it.
    var raw = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(yaml,
        io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
    assertThatThrownBy(() -> cluster.client.genericKubernetesResources("virtnode.io/v1alpha1", "VirtualMachine")
        .inNamespace("default").resource(raw).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(expected);
    assertThat(cluster.get(name)).isNull();
    assertNothingOnTheHost();
  }

  static Stream<Arguments> reportedByTheAgent() {
    String images = "IMAGES";
    return Stream.of(
        Arguments.of("outside-roots", disk("a", "/etc/passwd"), "PathNotAllowed"),
        Arguments.of("under-proc", disk("a", "/proc/self/environ"), "SystemPath"),
        Arguments.of("dev-as-file", disk("a", "/dev/sda"), "SystemPath"),
        Arguments.of("console-to-sys", "serials:\n- {name: s, backend: {type: File, path: /sys/kernel/x}}\n",
            "SystemPath"),
        Arguments.of("missing-disk", disk("a", images + "/missing.img"), "DiskNotFound"),
        Arguments.of("format-lie", "disks:\n- {name: a, path: '" + images + "/raw.img', format: qcow2}\n",
            "DiskFormatMismatch"),
        Arguments.of("symlink-disk", disk("a", images + "/link.img"), "SymlinkRefused"),
        Arguments.of("serial-outside", "serials:\n- {name: s, backend: {type: File, path: /etc/cron.d/x}}\n",
            "PathNotAllowed"),
        Arguments.of("block-not-device", "disks:\n- {name: a, type: Block, path: '" + images + "/raw.img'}\n",
            "NotABlockDevice"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reportedByTheAgent")
  void reportedAsAFailedConditionAndNothingStarts(String name, String specYaml, String reason) throws IOException {
    String yaml = """
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata: {name: %s, namespace: default}
        spec:
          memory: 64Mi
        %s""".formatted(name, specYaml.replace("IMAGES", cluster.images.toString()).indent(2));
    cluster.client.resource(Vms.yaml(yaml)).create();
    VirtualMachine vm = cluster.awaitCondition(name, "Failed", "True");
    var failed = vm.getStatus().conditions.stream().filter(c -> c.type.equals("Failed")).findFirst().orElseThrow();
    assertThat(failed.reason).isEqualTo(reason);
    assertThat(failed.message).isNotBlank();
    assertThat(vm.getStatus().state).isEqualTo("Failed");
    assertThat(vm.getStatus().pid).isNull();
    assertThat(root.resolve("node-a/state/run").resolve(vm.getMetadata().getUid())).doesNotExist();
    assertNothingOnTheHost();
  }

  private static void assertNothingOnTheHost() throws IOException {
    Path run = root.resolve("node-a/state/run");
    if (Files.isDirectory(run)) {
      try (var dirs = Files.list(run)) {
        assertThat(dirs.toList()).as("per-VM runtime dirs").isEmpty();
      }
    }
    assertThat(ProcessHandle.current().children().filter(p -> p.info().command().orElse("").contains("qemu-system"))
        .count()).as("QEMU processes").isZero();
  }
}
