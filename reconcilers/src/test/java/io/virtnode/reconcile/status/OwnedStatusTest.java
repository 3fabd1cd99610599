package io.virtnode.reconcile.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each writer applies its own fields and conditions only; the other owner's are never in its configuration. */
class OwnedStatusTest {
  private static VirtualMachine read() {
    VirtualMachine vm = new VirtualMachine();
    vm.setMetadata(new ObjectMetaBuilder().withName("a").withNamespace("default").withUid("u1").build());
    vm.setStatus(new VirtualMachineStatus());
    vm.getStatus().nodeName = "n1";
    vm.getStatus().state = "Running";
    vm.getStatus().conditions = List.of(new Condition("Scheduled", "True", "Placed", "on n1"),
        new Condition("Ready", "True", "Running", "ok"));
    return vm;
  }

  @Test void theAgentNeverSendsNodeNameNorTheControllersCondition() {
    VirtualMachineStatus mine = new VirtualMachineStatus();
    mine.nodeName = "somewhere-else";
    mine.state = "Stopped";
    mine.conditions = List.of(new Condition("Ready", "False", "Stopped", "as asked"),
        new Condition("Scheduled", "False", "Forged", "not the agent's"));

    var patch = OwnedStatus.apply(StatusOwner.AGENT, read(), mine);

    var status = patch.get("status");
    assertThat(patch.get("apiVersion").asText()).isEqualTo("virtnode.io/v1alpha1");
    assertThat(patch.get("kind").asText()).isEqualTo("VirtualMachine");
    assertThat(patch.get("metadata").get("name").asText()).isEqualTo("a");
    assertThat(patch.get("metadata").get("namespace").asText()).isEqualTo("default");
    assertThat(status.has("nodeName")).isFalse();
    assertThat(status.get("state").asText()).isEqualTo("Stopped");
    assertThat(status.get("pid").isNull()).as("an absent owned field is cleared").isTrue();
    assertThat(status.get("conditions").findValuesAsText("reason")).containsExactly("Stopped");
    assertThat(patch.get("metadata").get("uid").asText()).isEqualTo("u1");
  }

  @Test void theControllerSendsNodeNameAndScheduledOnly() {
    VirtualMachineStatus mine = new VirtualMachineStatus();
    mine.nodeName = "n2";
    mine.state = "Pending";
    mine.conditions = List.of(new Condition("Scheduled", "True", "Placed", "on n2"),
        new Condition("Ready", "False", "Forged", "not the controller's"));

    var status = OwnedStatus.apply(StatusOwner.CONTROLLER, read(), mine).get("status");

    assertThat(status.fieldNames()).toIterable().containsExactlyInAnyOrder("nodeName", "conditions");
    assertThat(status.get("nodeName").asText()).isEqualTo("n2");
    assertThat(status.get("conditions").findValuesAsText("reason")).containsExactly("Placed");
  }

  @Test void fieldManagersArePerWriterRoleNotPerNode() {
    assertThat(StatusOwner.AGENT.fieldManager()).isEqualTo("virtnode-agent");
    assertThat(StatusOwner.CONTROLLER.fieldManager()).isEqualTo("virtnode-controller");
  }
}
