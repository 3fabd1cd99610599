package io.virtnode.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import io.virtnode.operator.devserver.DevApiServer;
import io.virtnode.reconcile.status.ApplyStatusWriter;
import io.virtnode.reconcile.status.StatusOwner;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The controller and the agent apply their own status fields with their own field managers; neither erases the other. */
@Tag("api")
class StatusWritersTest {
  static DevApiServer api;
  static KubernetesClient client;

  @BeforeAll static void start() {
    api = DevApiServer.start(0);
    api.installCrdsFromClasspath();
    client = api.kubernetesClient();
  }

  @AfterAll static void stop() {
    api.close();
  }

  private static VirtualMachine create(String name) {
    return client.resource(Serialization.unmarshal("""
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata: {name: %s, namespace: default}
        spec: {memory: 64Mi}
        """.formatted(name), VirtualMachine.class)).create();
  }

  private static VirtualMachine get(String name) {
    return client.resources(VirtualMachine.class).inNamespace("default").withName(name).get();
  }

  @Test void eachWriterOwnsItsFieldsAndConditionsOnTheServer() {
    VirtualMachine vm = create("owned");
    VirtualMachineStatus placed = new VirtualMachineStatus();
    placed.nodeName = "n1";
    placed.conditions = List.of(new Condition("Scheduled", "True", "Placed", "on n1"));
    new ApplyStatusWriter(client, StatusOwner.CONTROLLER).write(vm, placed);

    VirtualMachineStatus running = new VirtualMachineStatus();
    running.nodeName = "forged";
    running.state = "Running";
    running.pid = 42L;
    running.observedGeneration = 1L;
    running.conditions = List.of(new Condition("Ready", "True", "Running", "QEMU pid 42 is running"),
        new Condition("Scheduled", "False", "Forged", "not the agent's to write"));
    new ApplyStatusWriter(client, StatusOwner.AGENT).write(get("owned"), running);

    VirtualMachine now = get("owned");
    assertThat(now.getStatus().nodeName).isEqualTo("n1");
    assertThat(now.getStatus().state).isEqualTo("Running");
    assertThat(now.getStatus().pid).isEqualTo(42L);
    assertThat(now.getStatus().conditions).extracting(c -> c.type + "=" + c.reason)
        .containsExactlyInAnyOrder("Scheduled=Placed", "Ready=Running");
    assertThat(now.getMetadata().getManagedFields()).filteredOn(f -> "status".equals(f.getSubresource()))
        .extracting(ManagedFieldsEntry::getManager, ManagedFieldsEntry::getOperation)
        .contains(org.assertj.core.groups.Tuple.tuple("virtnode-controller", "Apply"),
            org.assertj.core.groups.Tuple.tuple("virtnode-agent", "Apply"));

    VirtualMachineStatus stopped = new VirtualMachineStatus();
    stopped.state = "Stopped";
    stopped.observedGeneration = 1L;
    stopped.conditions = List.of(new Condition("Ready", "False", "Stopped", "the VM is stopped as asked"));
    new ApplyStatusWriter(client, StatusOwner.AGENT).write(get("owned"), stopped);

    now = get("owned");
    assertThat(now.getStatus().pid).as("a field the agent clears is gone").isNull();
    assertThat(now.getStatus().nodeName).isEqualTo("n1");
    assertThat(now.getStatus().conditions).extracting(c -> c.type + "=" + c.reason)
        .containsExactlyInAnyOrder("Scheduled=Placed", "Ready=Stopped");
  }
}
