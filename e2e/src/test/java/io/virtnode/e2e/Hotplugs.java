package io.virtnode.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtnode.api.v1alpha1.Disk;
import io.virtnode.api.v1alpha1.DiskBus;
import io.virtnode.api.v1alpha1.DiskType;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.node.vm.VmIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/** Helpers of the hotplug tests: spec edits through the API and read-only looks at the VM's QEMU. */
final class Hotplugs {
  private Hotplugs() {}

  static Disk disk(String name, Path path, DiskType type, DiskBus bus) {
    Disk d = new Disk();
    d.name = name;
    d.path = path.toString();
    d.type = type;
    d.bus = bus;
    return d;
  }

  static void addDisk(TestCluster cluster, String vm, Disk disk) {
    edit(cluster, vm, v -> {
      var disks = new ArrayList<>(v.getSpec().disks);
      disks.add(disk);
      v.getSpec().disks = disks;
    });
  }

  static void removeDisk(TestCluster cluster, String vm, String name) {
    edit(cluster, vm, v -> v.getSpec().disks = v.getSpec().disks.stream().filter(d -> !d.name.equals(name)).toList());
  }

  /** Edits the VM's spec, trying again when the agent's status write came in between (409). */
  static void edit(TestCluster cluster, String vm, java.util.function.Consumer<VirtualMachine> change) {
    for (int attempt = 0; ; attempt++) {
      try {
        cluster.client.resources(VirtualMachine.class).inNamespace("default").withName(vm).edit(v -> {
          change.accept(v);
          return v;
        });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt > 20) throw e;
      }
    }
  }

  static VmIdentity id(VirtualMachine vm) {
    return new VmIdentity(vm.getMetadata().getUid(), "default", vm.getMetadata().getName());
  }

  /** Node names of query-block of the VM's QEMU (a read-only query beside any job). */
  static List<String> blockNodes(TestCluster cluster, String node, VirtualMachine vm) throws Exception {
    JsonNode all = cluster.agent(node).runtime().monitor(id(vm)).orElseThrow().execute("query-block", null);
    return StreamSupport.stream(all.spliterator(), false).map(b -> b.path("inserted").path("node-name").asText())
        .toList();
  }

  /** qdev ids of every device query-pci lists, on all buses. */
  static List<String> pciDevices(TestCluster cluster, String node, VirtualMachine vm) throws Exception {
    JsonNode buses = cluster.agent(node).runtime().monitor(id(vm)).orElseThrow().execute("query-pci", null);
    List<String> ids = new ArrayList<>();
    buses.forEach(b -> collect(b.path("devices"), ids));
    return ids;
  }

  /** The slot of the device with qdev id on bus 0, or -1. */
  static int pciSlot(TestCluster cluster, String node, VirtualMachine vm, String qdevId) throws Exception {
    JsonNode buses = cluster.agent(node).runtime().monitor(id(vm)).orElseThrow().execute("query-pci", null);
    for (JsonNode d : buses.get(0).path("devices")) if (qdevId.equals(d.path("qdev_id").asText())) return d.path("slot").asInt();
    return -1;
  }

  private static void collect(JsonNode devices, List<String> ids) {
    for (JsonNode d : devices) {
      ids.add(d.path("qdev_id").asText());
      collect(d.path("pci_bridge").path("devices"), ids);
    }
  }

  /** Exit code of dd reading one block of dev from a shell that first joins the cgroup dir cg. */
  static int openInCgroup(Path cg, String dev) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "echo $$ > \"$0\"/cgroup.procs && exec dd if=\"$1\" of=/dev/null"
        + " bs=512 count=1", cg.toString(), dev).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  static String address(VirtualMachine vm, String device) {
    return vm.getStatus().addresses == null ? null : vm.getStatus().addresses.stream()
        .filter(a -> a.device.equals(device)).map(a -> a.address).findFirst().orElse(null);
  }

  static boolean hasDiskStatus(VirtualMachine vm, String name) {
    return vm != null && vm.getStatus() != null && vm.getStatus().disks != null
        && vm.getStatus().disks.stream().anyMatch(d -> d.name.equals(name) && d.capacity != null && d.capacity > 0);
  }
}
