package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VmState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A QEMU whose monitor stops answering (SIGSTOP) is noticed, reported and recovered without a spec change. */
@Tag("lifecycle")
class HungQemuTest {
  static final int QMP_TIMEOUT_SECONDS = 2;
  @TempDir static Path root;
  static TestCluster cluster;
  private Long stopped;

  @BeforeAll static void start() throws IOException {
    cluster = TestCluster.start(root, 26300, List.of(), s -> s.qmpTimeoutSeconds = QMP_TIMEOUT_SECONDS, "node-a");
  }

  @AfterAll static void stop() {
    if (cluster != null) cluster.close();
  }

  @AfterEach void continueWhatWasStopped() throws Exception {
    if (stopped != null) signal("CONT", stopped);
  }

  private static void signal(String sig, long pid) throws Exception {
    new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor();
  }

  private long hang(String name) throws Exception {
    cluster.create(Vms.minimal(name, cluster.images.toString(), ""));
    long pid = cluster.awaitCondition(name, "Ready", "True").getStatus().pid;
    signal("STOP", pid);
    stopped = pid;
    return pid;
  }

  private Condition ready(String name) {
    VirtualMachine vm = cluster.get(name);
    return vm.getStatus().conditions.stream().filter(c -> c.type.equals("Ready")).findFirst().orElseThrow();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test void aStoppedMonitorIsReportedWithoutASpecChangeAndRecoversByItself() throws Exception {
    long pid = hang("wedged");
    // nothing else happens: no spec change, no other VM; within twice the QMP timeout (plus the agent's
    // patch and the poll), status says the monitor does not answer
    await().atMost(Duration.ofSeconds(4L * QMP_TIMEOUT_SECONDS + 10)).pollInterval(Duration.ofMillis(100))
        .until(() -> "MonitorUnresponsive".equals(ready("wedged").reason));
    assertThat(ready("wedged").status).isEqualTo("False");
    assertThat(ready("wedged").message).contains(Long.toString(pid)).contains("query-status");
    // another VM starts and becomes Ready meanwhile
    cluster.create(Vms.minimal("bystander", cluster.images.toString(), ""));
    cluster.awaitCondition("bystander", "Ready", "True");
    assertThat(ready("wedged").reason).isEqualTo("MonitorUnresponsive");

    signal("CONT", pid);
    stopped = null;
    VirtualMachine vm = cluster.awaitCondition("wedged", "Ready", "True");
    assertThat(vm.getStatus().pid).isEqualTo(pid);
    assertThat(vm.getStatus().state).isEqualTo("Running");
    List<String> reasons = cluster.client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> "wedged".equals(e.getInvolvedObject().getName())).map(Event::getReason).toList();
    assertThat(reasons).contains("MonitorUnresponsive", "MonitorResponsive");
  }

  @Test void aQemuReconnectedAfterAnAgentRestartIsWatchedToo() throws Exception {
    cluster.create(Vms.minimal("reconnected", cluster.images.toString(), ""));
    long pid = cluster.awaitCondition("reconnected", "Ready", "True").getStatus().pid;
    cluster.restartAgent("node-a");
    signal("STOP", pid);
    stopped = pid;
    await().atMost(Duration.ofSeconds(4L * QMP_TIMEOUT_SECONDS + 30)).pollInterval(Duration.ofMillis(100))
        .until(() -> "MonitorUnresponsive".equals(ready("reconnected").reason));
    signal("CONT", pid);
    stopped = null;
    assertThat(cluster.awaitCondition("reconnected", "Ready", "True").getStatus().pid).isEqualTo(pid);
  }

  @Test void aPauseAskedForWhileHungIsCarriedOutOnceTheMonitorAnswers() throws Exception {
    long pid = hang("pause-later");
    await().atMost(Duration.ofSeconds(4L * QMP_TIMEOUT_SECONDS + 10))
        .until(() -> "MonitorUnresponsive".equals(ready("pause-later").reason));
    cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("pause-later")
        .edit(v -> {
          v.getSpec().state = VmState.Paused;
          return v;
        });
    signal("CONT", pid);
    stopped = null;
    VirtualMachine vm = cluster.awaitCondition("pause-later", "Paused", "True");
    assertThat(vm.getStatus().pid).isEqualTo(pid);
    assertThat(cluster.agent("node-a").runtime().observe(vm.getMetadata().getUid()).runState()).isEqualTo("paused");
  }

  @Test void aStopOfAVmThatStaysHungKillsExactlyItsQemuAfterTheGracePeriod() throws Exception {
    long pid = hang("stuck");
    cluster.create(Vms.minimal("neighbour", cluster.images.toString(), ""));
    long neighbour = cluster.awaitCondition("neighbour", "Ready", "True").getStatus().pid;
    cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("stuck")
        .edit(v -> {
          v.getSpec().state = VmState.Stopped;
          return v;
        });
    await().atMost(Duration.ofSeconds(90)).until(() -> !alive(pid));
    stopped = null;
    await().atMost(Duration.ofSeconds(60)).until(() -> "Stopped".equals(cluster.get("stuck").getStatus().state));
    assertThat(alive(neighbour)).isTrue();
    assertThat(cluster.get("neighbour").getStatus().pid).isEqualTo(neighbour);
  }
}
