package io.virtnode.reconcile.migration;

import static io.virtnode.reconcile.migration.Fixtures.node;
import static io.virtnode.reconcile.migration.Fixtures.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.reconcile.placement.NodePicker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetChooserTest {
  @Test void theLeastLoadedNodeOtherThanTheSourceIsChosen() {
    NodePicker.Decision d = TargetChooser.choose(null, vm("vm1", "node-a", "Running"), "node-a",
        List.of(node("node-a"), node("node-b"), node("node-c")), Map.of("node-a", 0L, "node-b", 3L, "node-c", 1L));
    assertThat(d.node()).isEqualTo("node-c");
  }

  @Test void cordonedAndNotReadyNodesAreSkipped() {
    NodePicker.Decision d = TargetChooser.choose(null, vm("vm1", "node-a", "Running"), "node-a",
        List.of(node("node-a"), Fixtures.cordoned("node-b"), Fixtures.notReady("node-c"), node("node-d")), Map.of());
    assertThat(d.node()).isEqualTo("node-d");
  }

  @Test void theVmsNodeSelectorStillApplies() {
    Node fast = node("node-c");
    fast.getMetadata().setLabels(Map.of("disk", "fast"));
    VirtualMachine vm = vm("vm1", "node-a", "Running");
    vm.getSpec().nodeSelector = Map.of("disk", "fast");
    NodePicker.Decision d = TargetChooser.choose(null, vm, "node-a", List.of(node("node-a"), node("node-b"), fast),
        Map.of());
    assertThat(d.node()).isEqualTo("node-c");
  }

  @Test void withOnlyTheSourceLeftTheMigrationIsUnschedulable() {
    NodePicker.Decision d = TargetChooser.choose(null, vm("vm1", "node-a", "Running"), "node-a",
        List.of(node("node-a"), Fixtures.cordoned("node-b")), Map.of());
    assertThat(d.node()).isNull();
    assertThat(d.unschedulable().reason()).isEqualTo("TargetUnschedulable");
    assertThat(d.unschedulable().message()).contains("node-a");
  }

  @Test void aRequestedTargetIsCheckedNotReplaced() {
    List<Node> nodes = List.of(node("node-a"), node("node-b"), Fixtures.cordoned("node-c"));
    assertThat(TargetChooser.choose("node-b", vm("vm1", "node-a", "Running"), "node-a", nodes, Map.of()).node())
        .isEqualTo("node-b");
    NodePicker.Decision d = TargetChooser.choose("node-c", vm("vm1", "node-a", "Running"), "node-a", nodes, Map.of());
    assertThat(d.unschedulable().message()).contains("node-c", "cordoned");
  }

  @Test void aVmPinnedToAnotherNodeGoesThere() {
    VirtualMachine vm = vm("vm1", "node-a", "Running");
    vm.getSpec().nodeName = "node-c";
    NodePicker.Decision d = TargetChooser.choose(null, vm, "node-a",
        List.of(node("node-a"), node("node-b"), node("node-c")), Map.of("node-c", 9L));
    assertThat(d.node()).isEqualTo("node-c");
  }
}
