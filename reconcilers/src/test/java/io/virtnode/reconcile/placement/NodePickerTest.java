package io.virtnode.reconcile.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.virtnode.api.v1alpha1.VirtualMachineSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodePickerTest {
  private static Node node(String name, Map<String, String> labels, boolean unschedulable) {
    return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewSpec().withUnschedulable(unschedulable).endSpec().build();
  }

  private static final List<Node> NODES = List.of(node("a", Map.of("zone", "x"), false),
      node("b", Map.of("zone", "y"), false), node("c", Map.of("zone", "y"), true));

  @Test void nodeNameIsHonouredWhenTheNodeExists() {
    var spec = new VirtualMachineSpec();
    spec.nodeName = "b";
    assertThat(NodePicker.pick(spec, NODES, Map.of()).node()).isEqualTo("b");
  }

  @Test void unknownNodeNameIsUnschedulableWithAReason() {
    var spec = new VirtualMachineSpec();
    spec.nodeName = "zz";
    var d = NodePicker.pick(spec, NODES, Map.of());
    assertThat(d.node()).isNull();
    assertThat(d.unschedulable().reason()).isEqualTo("NodeNotFound");
    assertThat(d.unschedulable().message()).contains("zz");
  }

  @Test void selectorPicksAMatchingSchedulableNode() {
    var spec = new VirtualMachineSpec();
    spec.nodeSelector = Map.of("zone", "y");
    assertThat(NodePicker.pick(spec, NODES, Map.of("b", 10L)).node()).isEqualTo("b"); // c is cordoned
  }

  @Test void leastLoadedNodeWinsWithoutASelector() {
    assertThat(NodePicker.pick(new VirtualMachineSpec(), NODES, Map.of("a", 3L, "b", 1L)).node()).isEqualTo("b");
    assertThat(NodePicker.pick(new VirtualMachineSpec(), NODES, Map.of()).node()).isEqualTo("a");
  }

  @Test void noMatchIsUnschedulable() {
    var spec = new VirtualMachineSpec();
    spec.nodeSelector = Map.of("zone", "q");
    var d = NodePicker.pick(spec, NODES, Map.of());
    assertThat(d.unschedulable().reason()).isEqualTo("Unschedulable");
    assertThat(NodePicker.pick(new VirtualMachineSpec(), List.of(), Map.of()).unschedulable().message())
        .contains("no nodes exist");
  }
}
