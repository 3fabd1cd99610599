package io.virtnode.reconcile.migration;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.virtnode.api.v1alpha1.ApiGroup;
import io.virtnode.api.v1alpha1.MigrationEndpoint;
import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationSpec;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationStatus;
import io.virtnode.api.v1alpha1.VirtualMachineSpec;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Migrations, VMs, nodes and observations for the controller's unit tests, without an API server. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Fixtures() {}

  static VirtualMachineMigration migration(String name, String vmName, String created) {
    VirtualMachineMigration m = new VirtualMachineMigration();
    m.getMetadata().setName(name);
    m.getMetadata().setNamespace("default");
    m.getMetadata().setUid("uid-" + name);
    m.getMetadata().setGeneration(1L);
    m.getMetadata().setCreationTimestamp(created);
    m.setSpec(new VirtualMachineMigrationSpec());
    m.getSpec().vmName = vmName;
    return m;
  }

  static VirtualMachineMigration migration(String name) {
    return migration(name, "vm1", "2026-01-01T00:00:00Z");
  }

  /** A migration recorded in phase, entered at T0, moving from node-a to node-b. */
  static VirtualMachineMigration inPhase(String name, MigrationPhase phase) {
    VirtualMachineMigration m = migration(name);
    m.setStatus(new VirtualMachineMigrationStatus());
    m.getStatus().phase = phase;
    m.getStatus().phaseTimes = new ArrayList<>();
    for (MigrationPhase p : MigrationPhase.values()) {
      var t = new io.virtnode.api.v1alpha1.MigrationPhaseTime();
      t.phase = p;
      t.time = T0.toString();
      if (p.ordinal() <= phase.ordinal() && !p.terminal()) m.getStatus().phaseTimes.add(t);
    }
    m.getStatus().directive = new io.virtnode.api.v1alpha1.MigrationDirective();
    m.getStatus().directive.vmUid = "uid-vm-vm1";
    m.getStatus().directive.sourceNode = "node-a";
    m.getStatus().directive.targetNode = "node-b";
    m.getStatus().directive.downtimeLimitMilliseconds = 300;
    return m;
  }

  static VirtualMachine vm(String name, String node, String state) {
    VirtualMachine vm = new VirtualMachine();
    vm.getMetadata().setName(name);
    vm.getMetadata().setNamespace("default");
    vm.getMetadata().setUid("uid-vm-" + name);
    Map<String, String> labels = new HashMap<>();
    if (node != null) labels.put(ApiGroup.NODE_LABEL, node);
    vm.getMetadata().setLabels(labels);
    vm.setSpec(new VirtualMachineSpec());
    vm.getSpec().memory = "64Mi";
    vm.setStatus(new VirtualMachineStatus());
    vm.getStatus().state = state;
    vm.getStatus().nodeName = node;
    return vm;
  }

  static Node node(String name) {
    return new NodeBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  static Node cordoned(String name) {
    return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withUnschedulable(true)
        .endSpec().build();
  }

  static Node notReady(String name) {
    return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus().addNewCondition()
        .withType("Ready").withStatus("False").endCondition().endStatus().build();
  }

  static List<Node> nodes() {
    return List.of(node("node-a"), node("node-b"), node("node-c"));
  }

  static Observed observe(VirtualMachineMigration m, VirtualMachine vm, Instant now) {
    return new Observed(m, vm, 0, nodes(), Map.of(), List.of(m), now);
  }

  static Observed observe(VirtualMachineMigration m, Instant now) {
    return observe(m, vm("vm1", "node-a", "Running"), now);
  }

  static MigrationEndpoint side(String node, String state) {
    MigrationEndpoint e = new MigrationEndpoint();
    e.node = node;
    e.state = state;
    return e;
  }
}
