package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.MigrationPhaseTime;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import io.virtnode.operator.devserver.DevApiServer;
import io.virtnode.reconcile.migration.MigrationLimits;
import io.virtnode.reconcile.migration.MigrationReconciler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The migration controller against the embedded API server, with the test writing the source and target
 * sections as the agents would (no QEMU): a migration to Succeeded, one Failed by its target, one
 * Cancelled, one refused, one queued behind the per-node limit, and one that a restarted controller finishes.
 */
@Tag("migration")
class MigrationControllerTest {
  static DevApiServer api;
  static KubernetesClient client;
  static Operator operator;

  @BeforeAll static void start() {
    api = DevApiServer.start(0);
    api.installCrdsFromClasspath();
    client = api.kubernetesClient();
    for (String n : List.of("node-a", "node-b")) {
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName(n).endMetadata().build()).create();
    }
    operator = startController();
  }

  @AfterAll static void stop() {
    if (operator != null) operator.stop();
    if (api != null) api.close();
  }

  @Test void fakeAgentsDriveAMigrationToSucceededAndTheVmIsHandedOver() {
    runningVm("vm-ok", "node-a");
    create("mig-ok", "vm-ok", "");
    VirtualMachineMigration m = awaitPhase("mig-ok", MigrationPhase.TargetPreparing);
    assertThat(m.getStatus().directive.sourceNode).isEqualTo("node-a");
    assertThat(m.getStatus().directive.targetNode).as("chosen: the only other node").isEqualTo("node-b");
    assertThat(m.getStatus().directive.vmUid).isEqualTo(vm("vm-ok").getMetadata().getUid());
    agent("mig-ok", "target", "{\"node\":\"node-b\",\"state\":\"Preparing\"}");
    agent("mig-ok", "target", "{\"node\":\"node-b\",\"state\":\"Listening\",\"address\":\"10.0.0.2:49152\"}");
    awaitPhase("mig-ok", MigrationPhase.TargetReady);
    agent("mig-ok", "source", "{\"node\":\"node-a\",\"state\":\"Sending\"}");
    agent("mig-ok", "progress", "{\"bytesTotal\":67108864,\"bytesRemaining\":1048576,\"percent\":98}");
    awaitPhase("mig-ok", MigrationPhase.Transferring);
    agent("mig-ok", "source", "{\"node\":\"node-a\",\"state\":\"PausedForSwitchover\"}");
    awaitPhase("mig-ok", MigrationPhase.Switchover);
    agent("mig-ok", "source", "{\"node\":\"node-a\",\"state\":\"Completed\"}");
    await().atMost(Duration.ofSeconds(30)).until(() -> "node-b".equals(vm("vm-ok").getMetadata().getLabels()
        .get("virtnode.io/node")) && "node-b".equals(vm("vm-ok").getStatus().nodeName));
    assertThat(get("mig-ok").getStatus().phase).as("not before the target resumed").isEqualTo(MigrationPhase.Switchover);
    agent("mig-ok", "target", "{\"node\":\"node-b\",\"state\":\"Resumed\",\"address\":\"10.0.0.2:49152\"}");
    m = awaitPhase("mig-ok", MigrationPhase.Succeeded);
    assertPhaseTimes(m, MigrationPhase.Pending, MigrationPhase.Scheduling, MigrationPhase.TargetPreparing,
        MigrationPhase.TargetReady, MigrationPhase.Transferring, MigrationPhase.Switchover, MigrationPhase.Succeeded);
    assertThat(condition(m, "Ready").status).isEqualTo("True");
    assertThat(m.getStatus().source.state).as("the agents' sections survive the controller's writes")
        .isEqualTo("Completed");
    assertThat(m.getStatus().progress.percent).isEqualTo(98);
    assertThat(m.getStatus().target.address).isEqualTo("10.0.0.2:49152");
    assertThat(vm("vm-ok").getStatus().state).as("the agent's part of the VM's status is kept").isEqualTo("Running");
  }

  @Test void aTargetFailureAbortsAndEndsFailedWithTheVmLeftOnTheSource() {
    runningVm("vm-f", "node-a");
    create("mig-f", "vm-f", "targetNode: node-b");
    awaitPhase("mig-f", MigrationPhase.TargetPreparing);
    agent("mig-f", "target", "{\"node\":\"node-b\",\"state\":\"Failed\",\"message\":\"no free port in range\"}");
    VirtualMachineMigration m = awaitPhase("mig-f", MigrationPhase.Aborting);
    assertThat(m.getStatus().failure.reason).isEqualTo("TargetFailed");
    assertThat(m.getStatus().failure.message).contains("node-b", "no free port in range");
    agent("mig-f", "target", "{\"node\":\"node-b\",\"state\":\"CleanedUp\"}");
    m = awaitPhase("mig-f", MigrationPhase.Failed);
    assertPhaseTimes(m, MigrationPhase.Pending, MigrationPhase.Scheduling, MigrationPhase.TargetPreparing,
        MigrationPhase.Aborting, MigrationPhase.Failed);
    assertThat(m.getStatus().failure.phase).isEqualTo(MigrationPhase.TargetPreparing);
    assertThat(condition(m, "Failed").status).isEqualTo("True");
    assertThat(condition(m, "Failed").reason).isEqualTo("TargetFailed");
    assertThat(vm("vm-f").getMetadata().getLabels()).containsEntry("virtnode.io/node", "node-a");
  }

  @Test void aCancelTearsDownAndEndsCancelled() {
    runningVm("vm-c", "node-a");
    create("mig-c", "vm-c", "");
    awaitPhase("mig-c", MigrationPhase.TargetPreparing);
    agent("mig-c", "target", "{\"node\":\"node-b\",\"state\":\"Listening\",\"address\":\"10.0.0.2:49153\"}");
    awaitPhase("mig-c", MigrationPhase.TargetReady);
    cancel("mig-c");
    awaitPhase("mig-c", MigrationPhase.Cancelling);
    agent("mig-c", "target", "{\"node\":\"node-b\",\"state\":\"CleanedUp\"}");
    VirtualMachineMigration m = awaitPhase("mig-c", MigrationPhase.Cancelled);
    assertPhaseTimes(m, MigrationPhase.Pending, MigrationPhase.Scheduling, MigrationPhase.TargetPreparing,
        MigrationPhase.TargetReady, MigrationPhase.Cancelling, MigrationPhase.Cancelled);
    assertThat(m.getStatus().failure).isNull();
    assertThat(vm("vm-c").getMetadata().getLabels()).containsEntry("virtnode.io/node", "node-a");
  }

  @Test void aMigrationOfAnUnknownVmIsRefused() {
    create("mig-ghost", "ghost", "");
    VirtualMachineMigration m = awaitPhase("mig-ghost", MigrationPhase.Failed);
    assertThat(m.getStatus().failure.reason).isEqualTo("VmNotFound");
    assertThat(m.getStatus().failure.message).contains("ghost", "spec.vmName");
    assertPhaseTimes(m, MigrationPhase.Pending, MigrationPhase.Failed);
    assertThat(condition(m, "Failed").reason).isEqualTo("VmNotFound");
  }

  @Test void aSecondMigrationOutOfTheSameNodeWaitsQueuedUntilTheFirstEnds() {
    runningVm("vm-q1", "node-a");
    runningVm("vm-q2", "node-a");
    create("mig-q1", "vm-q1", "");
    awaitPhase("mig-q1", MigrationPhase.TargetPreparing);
    create("mig-q2", "vm-q2", "");
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      VirtualMachineMigration q = get("mig-q2");
      return q.getStatus() != null && q.getStatus().conditions.stream()
          .anyMatch(c -> c.type.equals("Progressing") && "Queued".equals(c.reason));
    });
    VirtualMachineMigration q2 = get("mig-q2");
    assertThat(q2.getStatus().phase).isEqualTo(MigrationPhase.Pending);
    assertThat(condition(q2, "Progressing").message).contains("node-a", "outbound migrations per node");
    cancel("mig-q1");
    awaitPhase("mig-q1", MigrationPhase.Cancelled);
    awaitPhase("mig-q2", MigrationPhase.TargetPreparing);
    cancel("mig-q2");
    awaitPhase("mig-q2", MigrationPhase.Cancelled);
  }

  @Test void aControllerStartedAgainPicksUpFromTheRecordedPhase() {
    runningVm("vm-r", "node-a");
    create("mig-r", "vm-r", "");
    awaitPhase("mig-r", MigrationPhase.TargetPreparing);
    agent("mig-r", "target", "{\"node\":\"node-b\",\"state\":\"Listening\",\"address\":\"10.0.0.2:49154\"}");
    awaitPhase("mig-r", MigrationPhase.TargetReady);
    agent("mig-r", "source", "{\"node\":\"node-a\",\"state\":\"Sending\"}");
    awaitPhase("mig-r", MigrationPhase.Transferring);
    operator.stop();
    agent("mig-r", "source", "{\"node\":\"node-a\",\"state\":\"PausedForSwitchover\"}");
    operator = startController();
    awaitPhase("mig-r", MigrationPhase.Switchover);
    operator.stop();
    agent("mig-r", "source", "{\"node\":\"node-a\",\"state\":\"Completed\"}");
    agent("mig-r", "target", "{\"node\":\"node-b\",\"state\":\"Resumed\"}");
    operator = startController();
    VirtualMachineMigration m = awaitPhase("mig-r", MigrationPhase.Succeeded);
    assertPhaseTimes(m, MigrationPhase.Pending, MigrationPhase.Scheduling, MigrationPhase.TargetPreparing,
        MigrationPhase.TargetReady, MigrationPhase.Transferring, MigrationPhase.Switchover, MigrationPhase.Succeeded);
    assertThat(vm("vm-r").getMetadata().getLabels()).containsEntry("virtnode.io/node", "node-b");
    assertThat(vm("vm-r").getStatus().nodeName).isEqualTo("node-b");
  }

  private static Operator startController() {
    Operator op = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
        .withUseSSAToPatchPrimaryResource(false));
    op.register(new MigrationReconciler(Clock.systemUTC(), new MigrationLimits(5, 1), Duration.ofMillis(500)));
    op.start();
    return op;
  }

  private static void runningVm(String name, String node) {
    VirtualMachine vm = Serialization.unmarshal("""
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata:
          name: %s
          namespace: default
          labels: {virtnode.io/node: %s}
        spec:
          memory: 64Mi
          disks:
          - {name: root, path: /var/lib/virtnode/images/default/%s.img}
        """.formatted(name, node, name), VirtualMachine.class);
    client.resource(vm).create();
    client.resources(VirtualMachine.class).inNamespace("default").withName(name).subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"state\":\"Running\",\"nodeName\":\"" + node
            + "\"}}");
  }

  private static void create(String name, String vmName, String extraSpec) {
    client.resource(Serialization.unmarshal("""
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachineMigration
        metadata: {name: %s, namespace: default}
        spec:
          vmName: %s
        %s
        """.formatted(name, vmName, extraSpec.indent(2)), VirtualMachineMigration.class)).create();
  }

  /** Writes one agent-owned section of the migration's status, as that agent would. */
  private static void agent(String migration, String section, String json) {
    client.resources(VirtualMachineMigration.class).inNamespace("default").withName(migration).subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"" + section + "\":" + json + "}}");
  }

  private static void cancel(String migration) {
    client.resources(VirtualMachineMigration.class).inNamespace("default").withName(migration)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"cancel\":true}}");
  }

  private static VirtualMachineMigration get(String name) {
    return client.resources(VirtualMachineMigration.class).inNamespace("default").withName(name).get();
  }

  private static VirtualMachine vm(String name) {
    return client.resources(VirtualMachine.class).inNamespace("default").withName(name).get();
  }

  private static VirtualMachineMigration awaitPhase(String name, MigrationPhase phase) {
    try {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
        VirtualMachineMigration m = get(name);
        return m != null && m.getStatus() != null && m.getStatus().phase == phase;
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      VirtualMachineMigration m = get(name);
      throw new AssertionError(name + " never reached " + phase + "; its status is:\n"
          + (m == null ? "(gone)" : Serialization.asYaml(m.getStatus())), e);
    }
    return get(name);
  }

  private static void assertPhaseTimes(VirtualMachineMigration m, MigrationPhase... phases) {
    List<MigrationPhaseTime> times = m.getStatus().phaseTimes;
    assertThat(times).extracting(t -> t.phase).containsExactly(phases);
    for (int i = 1; i < times.size(); i++) {
      assertThat(Instant.parse(times.get(i).time)).isAfterOrEqualTo(Instant.parse(times.get(i - 1).time));
    }
  }

  private static Condition condition(VirtualMachineMigration m, String type) {
    return m.getStatus().conditions.stream().filter(c -> c.type.equals(type)).findFirst().orElseThrow();
  }
}
